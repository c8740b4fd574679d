// The card worker's configuration: the shared variables, its topic names (defaults:
// the declared topics, services/contracts) and the keys that encrypt and hash the
// customers' phone numbers (the contact worker's EMAIL_* variables: one keyring for
// every personal field). A missing or malformed key stops the worker at start; so
// does, with NODE_ENV=production, a key the repository publishes (runtime/published-keys.ts).
import { DEFAULT_TOPIC } from '@workers/contracts';
import {
  baseConfigSchema,
  emailKeyConfigShape,
  type FieldCrypto,
  fieldCryptoOrConfigError,
  loadConfig,
  publishedKeyProblems,
} from '@workers/runtime';
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
    ...emailKeyConfigShape,
  }),
);

export type CardConfig = z.infer<typeof cardConfigSchema>;

/** Configuration and the field crypto built from it; every problem is a ConfigError. */
export function loadCardConfig(env: NodeJS.ProcessEnv = process.env): { config: CardConfig; crypto: FieldCrypto } {
  const config = loadConfig(cardConfigSchema, env, publishedKeyProblems(env));
  return { config, crypto: fieldCryptoOrConfigError(config) };
}
