// Personal data at rest: e-mail addresses (and phone numbers) are stored encrypted
// with AES-256-GCM under a key id, so keys can rotate (new writes use the active
// key; older key ids stay readable while listed), with an HMAC-SHA256 of the
// normalized address beside them for look-ups. The hash key is separate and must
// not rotate with the encryption key, or look-ups of old records would break.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EncryptedField } from '@workers/contracts';
import { ConfigError } from './config';

export type { EncryptedField };

export interface FieldCrypto {
  encrypt(plain: string): EncryptedField;
  /** Throws if the key id is unknown or the ciphertext was tampered with. */
  decrypt(field: EncryptedField): string;
  /** Keyed hash of a normalized e-mail address (trimmed, lower-cased). */
  hash(email: string): string;
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
}

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

export function fieldCrypto(opts: { activeKid: string; keys: Map<string, Buffer>; hashKey: Buffer }): FieldCrypto {
  const active = opts.keys.get(opts.activeKid);
  if (!active) throw new KeyError(`no key for the active key id ${opts.activeKid}`);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      cipher.setAAD(Buffer.from(opts.activeKid));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return {
        kid: opts.activeKid,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
    },
    decrypt(f) {
      const key = opts.keys.get(f.kid);
      if (!key) throw new KeyError(`no key for key id ${f.kid}`);
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(f.iv, 'base64'));
      d.setAAD(Buffer.from(f.kid));
      d.setAuthTag(Buffer.from(f.tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(f.ct, 'base64')), d.final()]).toString('utf8');
    },
    hash(email) {
      return createHmac('sha256', opts.hashKey).update(email.trim().toLowerCase()).digest('hex');
    },
  };
}

/**
 * From configuration: EMAIL_KEY (active, base64 32 bytes) under EMAIL_KEY_ID,
 * EMAIL_PREVIOUS_KEYS ("kid:base64,…", still readable), EMAIL_HASH_KEY.
 */
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
    const [kid, b64] = entry.split(':');
    if (!kid || !b64) throw new KeyError('EMAIL_PREVIOUS_KEYS is malformed: expected "kid:base64key,kid:base64key"');
    keys.set(kid, parseKey(`EMAIL_PREVIOUS_KEYS (${kid})`, b64));
  }
  return fieldCrypto({ activeKid: c.EMAIL_KEY_ID, keys, hashKey: parseKey('EMAIL_HASH_KEY', c.EMAIL_HASH_KEY) });
}

/** The variables of every worker that reads or writes e-mail addresses. */
export const emailKeyConfigShape = {
  EMAIL_KEY: z.string().optional(),
  EMAIL_KEY_ID: z
    .string()
    .regex(/^[\w.-]{1,32}$/, 'letters, digits, dot, dash, underscore; at most 32')
    .default('k1'),
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
