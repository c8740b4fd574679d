// The keys of the field crypto, from configuration: the current key (EMAIL_KEY under
// EMAIL_KEY_ID), the earlier keys still readable (EMAIL_PREVIOUS_KEYS, "kid:base64,…":
// list a key there while `ops rekey` moves its fields to the current one, then remove
// it), and the hash key (EMAIL_HASH_KEY, never rotated). The names say e-mail for
// history: the same keys protect phone numbers.
import { z } from 'zod';
import { ConfigError } from './config';
import { type FieldCrypto, fieldCrypto, KeyError } from './field-crypto';

/** Parses a base64 key that must decode to exactly 32 bytes; `what` names it in the error. */
export function parseKey(what: string, b64: string | undefined): Buffer {
  if (!b64)
    throw new KeyError(`${what} is missing: set it to 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== b64.trim().replace(/=+$/, '')) {
    throw new KeyError(`${what} is malformed: it must be 32 bytes in base64 (got ${key.length} bytes)`);
  }
  return key;
}

const KID = /^[\w.-]{1,32}$/;

export function fieldCryptoFromConfig(c: {
  EMAIL_KEY?: string;
  EMAIL_KEY_ID: string;
  EMAIL_PREVIOUS_KEYS?: string;
  EMAIL_HASH_KEY?: string;
}): FieldCrypto {
  const keys = new Map<string, Buffer>([[c.EMAIL_KEY_ID, parseKey('EMAIL_KEY', c.EMAIL_KEY)]]);
  for (const entry of (c.EMAIL_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [kid, b64, extra] = entry.split(':');
    if (!kid || !b64 || extra !== undefined || !KID.test(kid))
      throw new KeyError('EMAIL_PREVIOUS_KEYS is malformed: expected "kid:base64key,kid:base64key"');
    // One key id, one key: a ciphertext names its key by id alone.
    if (keys.has(kid)) throw new KeyError(`EMAIL_PREVIOUS_KEYS names key id ${kid} twice or beside EMAIL_KEY_ID`);
    keys.set(kid, parseKey(`EMAIL_PREVIOUS_KEYS (${kid})`, b64));
  }
  return fieldCrypto({ activeKid: c.EMAIL_KEY_ID, keys, hashKey: parseKey('EMAIL_HASH_KEY', c.EMAIL_HASH_KEY) });
}

/** The variables of every process that reads or writes encrypted fields. */
export const emailKeyConfigShape = {
  EMAIL_KEY: z.string().optional(),
  EMAIL_KEY_ID: z.string().regex(KID, 'letters, digits, dot, dash, underscore; at most 32').default('k1'),
  EMAIL_PREVIOUS_KEYS: z.string().optional(),
  EMAIL_HASH_KEY: z.string().optional(),
};

/** fieldCryptoFromConfig with every key problem reported as a ConfigError (stops the worker at start). */
export function fieldCryptoOrConfigError(c: Parameters<typeof fieldCryptoFromConfig>[0]): FieldCrypto {
  try {
    return fieldCryptoFromConfig(c);
  } catch (err) {
    if (err instanceof KeyError) throw new ConfigError([err.message]);
    throw err;
  }
}
