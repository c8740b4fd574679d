// The card worker's configuration: the shared variables plus its topic names
// (defaults: the declared topics, services/contracts).
import { DEFAULT_TOPIC } from '@workers/contracts';
import { baseConfigSchema } from '@workers/runtime';
import { z } from 'zod';

const topicList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );

export const cardConfigSchema = baseConfigSchema.and(
  z.object({
    CARD_REQUEST_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.CARD_REQUEST_TOPIC),
    CARD_REPLY_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.CARD_REPLY_TOPIC),
    /** Comma-separated further reply topics a request's `reply-topic` header may name (each must exist). */
    CARD_EXTRA_REPLY_TOPICS: topicList,
  }),
);

export type CardConfig = z.infer<typeof cardConfigSchema>;
