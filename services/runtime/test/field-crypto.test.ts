// Field encryption of personal data: AES-256-GCM under a key id (rotation keeps old
// ids readable), a keyed hash for look-ups, and clear start-up errors for bad keys.
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../src/config';
import { fieldCrypto, fieldCryptoFromConfig, fieldCryptoOrConfigError, KeyError, parseKey } from '../src/field-crypto';

const key = (): string => randomBytes(32).toString('base64');

describe('field crypto', () => {
  const k1 = key();
  const hashKey = key();
  const crypto = fieldCryptoFromConfig({ EMAIL_KEY: k1, EMAIL_KEY_ID: 'k1', EMAIL_HASH_KEY: hashKey });

  it('round-trips, with a fresh IV each time and no plaintext in the stored form', () => {
    const a = crypto.encrypt('taro@example.jp');
    const b = crypto.encrypt('taro@example.jp');
    expect(a.kid).toBe('k1');
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain('taro');
    expect(crypto.decrypt(a)).toBe('taro@example.jp');
  });

  it('refuses a tampered ciphertext and an unknown key id', () => {
    const f = crypto.encrypt('taro@example.jp');
    const ct = Buffer.from(f.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => crypto.decrypt({ ...f, ct: ct.toString('base64') })).toThrow();
    expect(() => crypto.decrypt({ ...f, kid: 'k9' })).toThrow(KeyError);
  });

  it('reads fields of a previous key after rotation and writes with the new one', () => {
    const old = crypto.encrypt('hanako@example.jp');
    const rotated = fieldCryptoFromConfig({
      EMAIL_KEY: key(),
      EMAIL_KEY_ID: 'k2',
      EMAIL_PREVIOUS_KEYS: `k1:${k1}`,
      EMAIL_HASH_KEY: hashKey,
    });
    expect(rotated.decrypt(old)).toBe('hanako@example.jp');
    expect(rotated.encrypt('x@example.jp').kid).toBe('k2');
    expect(rotated.hash('Hanako@Example.jp ')).toBe(crypto.hash('hanako@example.jp'));
  });

  it('hashes with its key: another hash key gives another hash', () => {
    const other = fieldCrypto({
      activeKid: 'k1',
      keys: new Map([['k1', Buffer.from(k1, 'base64')]]),
      hashKey: randomBytes(32),
    });
    expect(other.hash('a@example.jp')).not.toBe(crypto.hash('a@example.jp'));
    expect(crypto.hash('a@example.jp')).toMatch(/^[0-9a-f]{64}$/);
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
    expect(() =>
      fieldCryptoOrConfigError({
        EMAIL_KEY: key(),
        EMAIL_KEY_ID: 'k1',
        EMAIL_HASH_KEY: hashKey,
        EMAIL_PREVIOUS_KEYS: 'oops',
      }),
    ).toThrow(/EMAIL_PREVIOUS_KEYS is malformed/);
  });
});
