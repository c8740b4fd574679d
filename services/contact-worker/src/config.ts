// The contact worker's configuration: the shared variables, its topic names and
// the e-mail encryption keys. A missing or malformed key stops the worker at start.
import { baseConfigSchema, emailKeyConfigShape, fieldCryptoOrConfigError, loadConfig, type FieldCrypto } from '@workers/runtime';
import { z } from 'zod';

export const contactConfigSchema = baseConfigSchema.and(z.object({
  CONTACT_REQUEST_TOPIC: z.string().min(1).default('crm.contact.requests'),
  CONTACT_REPLY_TOPIC: z.string().min(1).default('crm.contact.replies'),
  ACCOUNT_REQUEST_TOPIC: z.string().min(1).default('crm.account.requests'),
  ACCOUNT_REPLY_TOPIC: z.string().min(1).default('crm.account.replies'),
  CONTACT_EVENT_TOPIC: z.string().min(1).default('crm.contact.events'),
  ...emailKeyConfigShape,
}));

export type ContactConfig = z.infer<typeof contactConfigSchema>;

/** Configuration and the field crypto built from it; every problem is a ConfigError. */
export function loadContactConfig(env: NodeJS.ProcessEnv = process.env): { config: ContactConfig; crypto: FieldCrypto } {
  const config = loadConfig(contactConfigSchema, env);
  return { config, crypto: fieldCryptoOrConfigError(config) };
}
