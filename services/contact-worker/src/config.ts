// The contact worker's configuration: the shared variables, its topic names and
// the e-mail encryption keys. A missing or malformed key stops the worker at start.
import { baseConfigSchema, ConfigError, loadConfig } from '@workers/runtime';
import { z } from 'zod';
import { fieldCryptoFromConfig, KeyError, type FieldCrypto } from './store/field-crypto';

export const contactConfigSchema = baseConfigSchema.and(z.object({
  CONTACT_REQUEST_TOPIC: z.string().min(1).default('crm.contact.requests'),
  CONTACT_REPLY_TOPIC: z.string().min(1).default('crm.contact.replies'),
  ACCOUNT_REQUEST_TOPIC: z.string().min(1).default('crm.account.requests'),
  ACCOUNT_REPLY_TOPIC: z.string().min(1).default('crm.account.replies'),
  CONTACT_EVENT_TOPIC: z.string().min(1).default('crm.contact.events'),
  EMAIL_KEY: z.string().optional(),
  EMAIL_KEY_ID: z.string().regex(/^[\w.-]{1,32}$/, 'letters, digits, dot, dash, underscore; at most 32').default('k1'),
  EMAIL_PREVIOUS_KEYS: z.string().optional(),
  EMAIL_HASH_KEY: z.string().optional(),
}));

export type ContactConfig = z.infer<typeof contactConfigSchema>;

/** Configuration and the field crypto built from it; every problem is a ConfigError. */
export function loadContactConfig(env: NodeJS.ProcessEnv = process.env): { config: ContactConfig; crypto: FieldCrypto } {
  const config = loadConfig(contactConfigSchema, env);
  try {
    return { config, crypto: fieldCryptoFromConfig(config) };
  } catch (err) {
    if (err instanceof KeyError) throw new ConfigError([err.message]);
    throw err;
  }
}
