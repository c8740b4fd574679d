// Card phone numbers as the store prepares them for the rules, with the real field
// crypto: one keyed hash per number whatever its notation, no clear digits in what
// is stored, and a ciphertext that decrypts only as this card's customer.phone.
import { randomBytes } from 'node:crypto';
import { fieldCrypto } from '@workers/runtime';
import { cardPhoneAt, cardPhones } from '../../src/store/card-phones';

const crypto = fieldCrypto({ activeKid: 'k1', keys: new Map([['k1', randomBytes(32)]]), hashKey: randomBytes(32) });
const phones = cardPhones(crypto);
const CARD = '99419283746389';

it('hashes the E.164 form: every notation of a number alike, another number not', () => {
  const h = phones.hashOf('+48600100200');
  expect(h).toBe(crypto.phoneHash('+48600100200'));
  expect(phones.hashOf('0048 600-100-200')).toBe(h);
  expect(phones.hashOf('600 100 200')).toBe(h);
  expect(phones.hashOf('600 100 201')).not.toBe(h);
  expect(phones.hashOf('garbage')).toBeUndefined();
});

it('seals a number for its card only, with no digits in clear', () => {
  const given = phones.seal('600 100 200', CARD);
  expect(given?.hash).toBe(phones.hashOf('+48600100200'));
  expect(JSON.stringify(given)).not.toMatch(/600\D?100\D?200/);
  expect(crypto.decrypt(given!.sealed, cardPhoneAt(CARD))).toBe('+48600100200');
  expect(() => crypto.decrypt(given!.sealed, cardPhoneAt('99419283746390'))).toThrow(/authenticate/);
  expect(() => crypto.decrypt(given!.sealed, { collection: 'accounts', id: CARD, field: 'customer.phone' })).toThrow(
    /authenticate/,
  );
});

it('null for no number, undefined for an invalid one', () => {
  expect(phones.sealOptional(null, CARD)).toBeNull();
  expect(phones.sealOptional('  ', CARD)).toBeNull();
  expect(phones.sealOptional('12', CARD)).toBeUndefined();
  expect(phones.seal('12', CARD)).toBeUndefined();
});
