// The contact worker's configuration: the shared variables, its topic names
// (defaults: the declared topics, services/contracts) and the e-mail encryption keys. A missing
// or malformed key stops the worker at start; so does, with NODE_ENV=production, a key the
// repository publishes (runtime/published-keys.ts).
import { DEFAULT_TOPIC } from '@workers/contracts';
import {
  baseConfigSchema,
  emailKeyConfigShape,
  fieldCryptoOrConfigError,
  loadConfig,
  publishedKeyProblems,
  type FieldCrypto,
} from '@workers/runtime';
import { z } from 'zod';

export const contactConfigSchema = baseConfigSchema.and(
  z.object({
    CONTACT_REQUEST_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.CONTACT_REQUEST_TOPIC),
    CONTACT_REPLY_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.CONTACT_REPLY_TOPIC),
    ACCOUNT_REQUEST_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.ACCOUNT_REQUEST_TOPIC),
    ACCOUNT_REPLY_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.ACCOUNT_REPLY_TOPIC),
    CONTACT_EVENT_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.CONTACT_EVENT_TOPIC),
    ...emailKeyConfigShape,
  }),
);

export type ContactConfig = z.infer<typeof contactConfigSchema>;

/**
 * Where the contact worker's defaults differ from the shared ones; the environment overrides them.
 * Four partitions at once, not eight: as fast on two cores, with half the decoded batches held
 * (measurements: docs/benchmarks.md, "the contact worker four partitions at once").
 */
export const CONTACT_DEFAULTS = { PARTITIONS_CONCURRENTLY: '4' } as const;

/** Configuration and the field crypto built from it; every problem is a ConfigError. */
export function loadContactConfig(env: NodeJS.ProcessEnv = process.env): {
  config: ContactConfig;
  crypto: FieldCrypto;
} {
  const config = loadConfig(contactConfigSchema, { ...CONTACT_DEFAULTS, ...env }, publishedKeyProblems(env));
  return { config, crypto: fieldCryptoOrConfigError(config) };
}
