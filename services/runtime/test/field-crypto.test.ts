// Field encryption of personal data: AES-256-GCM under a key id (rotation keeps old
// ids readable, reseal moves a field to the current key), each ciphertext bound to
// its collection, document id and field, the full 16-byte tag required, keyed
// hashes for look-ups, and clear start-up errors for bad keys.
import { createCipheriv, randomBytes } from 'node:crypto';
import { ConfigError } from '../src/config';
import { type EncryptedField, type FieldAt, FieldFormatError, fieldCrypto, KeyError } from '../src/field-crypto';
import { fieldCryptoFromConfig, fieldCryptoOrConfigError, parseKey } from '../src/field-keys';

const key = (): string => randomBytes(32).toString('base64');
const AT: FieldAt = { collection: 'accounts', id: 'A-1', field: 'email' };

/** A ciphertext as the first format wrote it: associated data the key id alone, no `v`. */
function firstFormat(plain: string, kid: string, b64: string): EncryptedField {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(b64, 'base64'), iv);
  c.setAAD(Buffer.from(kid));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return { kid, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

describe('field crypto', () => {
  const k1 = key();
  const hashKey = key();
  const crypto = fieldCryptoFromConfig({ EMAIL_KEY: k1, EMAIL_KEY_ID: 'k1', EMAIL_HASH_KEY: hashKey });

  it('round-trips in format 2, with a fresh IV each time and no plaintext in the stored form', () => {
    const a = crypto.encrypt('taro@example.jp', AT);
    const b = crypto.encrypt('taro@example.jp', AT);
    expect(a).toMatchObject({ v: 2, kid: 'k1' });
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain('taro');
    expect(crypto.decrypt(a, AT)).toBe('taro@example.jp');
  });

  it.each<[string, FieldAt]>([
    ['another document', { ...AT, id: 'A-2' }],
    ['another field', { ...AT, field: 'phone' }],
    ['another collection', { ...AT, collection: 'cards' }],
    ['ids that only concatenate alike', { collection: 'accounts', id: 'A-1e', field: 'mail' }],
  ])('refuses a ciphertext moved to %s', (_what, elsewhere) => {
    expect(() => crypto.decrypt(crypto.encrypt('taro@example.jp', AT), elsewhere)).toThrow(/authenticate/);
  });

  it('refuses a tampered ciphertext and an unknown key id', () => {
    const f = crypto.encrypt('taro@example.jp', AT);
    const ct = Buffer.from(f.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => crypto.decrypt({ ...f, ct: ct.toString('base64') }, AT)).toThrow(/authenticate/);
    expect(() => crypto.decrypt({ ...f, kid: 'k9' }, AT)).toThrow(KeyError);
  });

  it.each([1, 4, 8, 12, 15])('refuses a tag truncated to %i bytes (Node would check only those)', (bytes) => {
    const f = crypto.encrypt('taro@example.jp', AT);
    const tag = Buffer.from(f.tag, 'base64').subarray(0, bytes).toString('base64');
    expect(() => crypto.decrypt({ ...f, tag }, AT)).toThrow(FieldFormatError);
    expect(() => crypto.reseal({ ...f, tag }, AT)).toThrow(FieldFormatError);
  });

  it('refuses a malformed IV and an unknown format', () => {
    const f = crypto.encrypt('taro@example.jp', AT);
    expect(() => crypto.decrypt({ ...f, iv: randomBytes(16).toString('base64') }, AT)).toThrow(FieldFormatError);
    expect(() => crypto.decrypt({ ...f, v: 3 }, AT)).toThrow(/unknown field format 3/);
  });

  it('opens the first format only through reseal, which rewrites it bound and current', () => {
    const old = firstFormat('hanako@example.jp', 'k1', k1);
    expect(() => crypto.decrypt(old, AT)).toThrow(/first format/);
    expect(crypto.isCurrent(old)).toBe(false);
    const resealed = crypto.reseal(old, AT);
    expect(resealed).toMatchObject({ v: 2, kid: 'k1' });
    expect(crypto.isCurrent(resealed)).toBe(true);
    expect(crypto.decrypt(resealed, AT)).toBe('hanako@example.jp');
  });

  it('reads fields of a previous key after rotation, writes with the new one, and reseals onto it', () => {
    const old = crypto.encrypt('hanako@example.jp', AT);
    const rotated = fieldCryptoFromConfig({
      EMAIL_KEY: key(),
      EMAIL_KEY_ID: 'k2',
      EMAIL_PREVIOUS_KEYS: `k1:${k1}`,
      EMAIL_HASH_KEY: hashKey,
    });
    expect(rotated.currentKid).toBe('k2');
    expect(rotated.decrypt(old, AT)).toBe('hanako@example.jp');
    expect(rotated.isCurrent(old)).toBe(false);
    const moved = rotated.reseal(old, AT);
    expect(moved.kid).toBe('k2');
    expect(rotated.isCurrent(moved)).toBe(true);
    expect(() => crypto.decrypt(moved, AT)).toThrow(KeyError);
    expect(() => rotated.reseal(old, { ...AT, id: 'A-2' })).toThrow(/authenticate/);
    expect(rotated.encrypt('x@example.jp', AT).kid).toBe('k2');
    expect(rotated.hash('Hanako@Example.jp ')).toBe(crypto.hash('hanako@example.jp'));
  });

  it('hashes with its key: another hash key gives another hash; phones apart from e-mails', () => {
    const other = fieldCrypto({
      activeKid: 'k1',
      keys: new Map([['k1', Buffer.from(k1, 'base64')]]),
      hashKey: randomBytes(32),
    });
    expect(other.hash('a@example.jp')).not.toBe(crypto.hash('a@example.jp'));
    expect(crypto.hash('a@example.jp')).toMatch(/^[0-9a-f]{64}$/);
    expect(crypto.phoneHash('+48600100200')).toMatch(/^[0-9a-f]{64}$/);
    expect(crypto.phoneHash('+48600100200')).toBe(crypto.phoneHash('+48600100200'));
    expect(crypto.phoneHash('+48600100200')).not.toBe(crypto.hash('+48600100200'));
    expect(other.phoneHash('+48600100200')).not.toBe(crypto.phoneHash('+48600100200'));
  });

  it.each<[string, string | undefined, RegExp]>([
    ['missing', undefined, /EMAIL_KEY is missing/],
    ['too short', Buffer.alloc(16).toString('base64'), /malformed.*got 16 bytes/],
    ['not base64', 'not-a-key!', /malformed/],
  ])('names a %s key', (_what, value, message) => {
    expect(() => parseKey('EMAIL_KEY', value)).toThrow(message);
  });

  it('reports key problems as a ConfigError at start', () => {
    expect(() => fieldCryptoOrConfigError({ EMAIL_KEY: key(), EMAIL_KEY_ID: 'k1' })).toThrow(ConfigError);
    const withPrevious = (EMAIL_PREVIOUS_KEYS: string) => () =>
      fieldCryptoOrConfigError({ EMAIL_KEY: key(), EMAIL_KEY_ID: 'k1', EMAIL_HASH_KEY: hashKey, EMAIL_PREVIOUS_KEYS });
    expect(withPrevious('oops')).toThrow(/EMAIL_PREVIOUS_KEYS is malformed/);
    expect(withPrevious(`k1:${key()}`)).toThrow(/names key id k1 twice/);
    expect(withPrevious(`k0:${key()},k0:${key()}`)).toThrow(/names key id k0 twice/);
    expect(withPrevious(`k0:${key()}, k00:${key()}`)).not.toThrow();
  });
});
