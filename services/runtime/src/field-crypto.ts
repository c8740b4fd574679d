// Personal data at rest: e-mail addresses and phone numbers are stored encrypted
// with AES-256-GCM under a key id, so keys can rotate (new writes use the current
// key; older key ids stay readable while listed, and `ops rekey` rewrites every
// field under the current one so an old key can be removed), with an HMAC-SHA256
// beside them for look-ups and equality checks. The hash key is separate and does
// not rotate with the encryption key, or look-ups of old records would break.
//
// Format 2 (`v: 2`) binds each ciphertext to where it is stored: the associated data
// is (format, key id, collection, document id, field), so a ciphertext copied to
// another document or field does not decrypt. The first format (no `v`; associated
// data the key id alone) is refused by decrypt: only reseal (`ops rekey`) opens it,
// to rewrite it in format 2. The tag must be the full 16 bytes (Node accepts a
// truncated tag unless told its length, which would make forgeries far cheaper).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { EncryptedField } from '@workers/contracts';

export type { EncryptedField };

/** Where a ciphertext is stored: it decrypts only there. `field` is the document path of the encrypted value. */
export interface FieldAt {
  collection: string;
  id: string;
  field: string;
}

export interface FieldCrypto {
  /** The key id new ciphertexts are written under. */
  readonly currentKid: string;
  /** Encrypts under the current key, bound to `at`. */
  encrypt(plain: string, at: FieldAt): EncryptedField;
  /**
   * Opens a format-2 ciphertext stored at `at`. Throws KeyError for a key id not
   * configured, FieldFormatError for the first format or a malformed field, and
   * Node's "unable to authenticate data" for a ciphertext tampered with or moved.
   */
  decrypt(field: EncryptedField, at: FieldAt): string;
  /** Keyed hash of a normalized e-mail address (trimmed, lower-cased). */
  hash(email: string): string;
  /** Keyed hash of a phone number's E.164 form, apart from every e-mail hash. */
  phoneHash(e164: string): string;
  /** True when `field` is in format 2 under the current key: reseal would change nothing. */
  isCurrent(field: EncryptedField): boolean;
  /**
   * For `ops rekey`: opens `field` (format 2 at `at`, or the first format) under any
   * configured key and encrypts it again under the current one, bound to `at`.
   * Throws as decrypt does, never returns a field it could not open.
   */
  reseal(field: EncryptedField, at: FieldAt): EncryptedField;
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/** A stored field that is not a format-2 ciphertext this code can open. */
export class FieldFormatError extends Error {
  override readonly name = 'FieldFormatError';
}

export const FIELD_FORMAT = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A JSON array: no two different bindings give the same bytes, whatever characters the ids hold. */
const boundAad = (kid: string, at: FieldAt): Buffer =>
  Buffer.from(JSON.stringify([FIELD_FORMAT, kid, at.collection, at.id, at.field]));

function bytesOf(f: EncryptedField, part: 'iv' | 'tag', length: number): Buffer {
  const b = typeof f[part] === 'string' ? Buffer.from(f[part], 'base64') : Buffer.alloc(0);
  if (b.length !== length) throw new FieldFormatError(`the ${part} is ${b.length} bytes, not ${length}`);
  return b;
}

export function fieldCrypto(opts: { activeKid: string; keys: Map<string, Buffer>; hashKey: Buffer }): FieldCrypto {
  const current = opts.keys.get(opts.activeKid);
  if (!current) throw new KeyError(`no key for the active key id ${opts.activeKid}`);

  function open(f: EncryptedField, aad: Buffer): string {
    const key = opts.keys.get(f.kid);
    if (!key) throw new KeyError(`no key for key id ${f.kid}`);
    const d = createDecipheriv('aes-256-gcm', key, bytesOf(f, 'iv', IV_BYTES), { authTagLength: TAG_BYTES });
    d.setAAD(aad);
    d.setAuthTag(bytesOf(f, 'tag', TAG_BYTES));
    return Buffer.concat([d.update(Buffer.from(f.ct, 'base64')), d.final()]).toString('utf8');
  }

  function decrypt(f: EncryptedField, at: FieldAt): string {
    if (f.v !== FIELD_FORMAT)
      throw new FieldFormatError(
        f.v === undefined ? 'a field in the first format: run `ops rekey`' : `unknown field format ${String(f.v)}`,
      );
    return open(f, boundAad(f.kid, at));
  }

  function encrypt(plain: string, at: FieldAt): EncryptedField {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current as Buffer, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(boundAad(opts.activeKid, at));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      v: FIELD_FORMAT,
      kid: opts.activeKid,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  const hmac = (text: string): string => createHmac('sha256', opts.hashKey).update(text).digest('hex');

  return {
    currentKid: opts.activeKid,
    encrypt,
    decrypt,
    hash: (email) => hmac(email.trim().toLowerCase()),
    // The prefix keeps phone hashes apart from e-mail hashes (which have none: changing them would break look-ups).
    phoneHash: (e164) => hmac(`phone:${e164}`),
    isCurrent: (f) => f.v === FIELD_FORMAT && f.kid === opts.activeKid,
    reseal(f, at) {
      const plain = f.v === undefined ? open(f, Buffer.from(f.kid)) : decrypt(f, at);
      return encrypt(plain, at);
    },
  };
}
