// The card worker's configuration: the shared variables plus its topic names.
import { baseConfigSchema } from '@workers/runtime';
import { z } from 'zod';

export const cardConfigSchema = baseConfigSchema.and(z.object({
  CARD_REQUEST_TOPIC: z.string().min(1).default('alcs.card.requests'),
  CARD_REPLY_TOPIC: z.string().min(1).default('alcs.card.replies'),
}));

export type CardConfig = z.infer<typeof cardConfigSchema>;
