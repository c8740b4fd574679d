// The contact worker's configuration: the shared variables, its topic names
// (defaults: the declared topics, services/contracts) and the e-mail encryption keys. A missing or malformed key stops the worker at start.
import { DEFAULT_TOPIC } from '@workers/contracts';
import {
  baseConfigSchema,
  emailKeyConfigShape,
  fieldCryptoOrConfigError,
  loadConfig,
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

/** Configuration and the field crypto built from it; every problem is a ConfigError. */
export function loadContactConfig(env: NodeJS.ProcessEnv = process.env): {
  config: ContactConfig;
  crypto: FieldCrypto;
} {
  const config = loadConfig(contactConfigSchema, env);
  return { config, crypto: fieldCryptoOrConfigError(config) };
}
