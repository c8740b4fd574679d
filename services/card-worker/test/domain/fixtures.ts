// Shared builders for the card domain tests, and a deterministic stand-in for the
// field crypto behind the store's phone preparation (the real E.164 parsing, a
// readable "hash" and "ciphertext", so expected records can be written out).
import type { Decision, Detail, EncryptedField, FieldAt } from '@workers/runtime';
import type { CardCode } from '../../src/domain/codes';
import type { CardRecord, RegisterCard } from '../../src/domain/types';
import { decideActivate } from '../../src/operations/activate-card';
import { decideChangePhone } from '../../src/operations/change-phone-number';
import { decideLock } from '../../src/operations/lock-card';
import { decideRegister } from '../../src/operations/register-card';
import { cardPhones } from '../../src/store/card-phones';

export const PIN = '3f729ea140a769400985ade930f695452cf622fd0dd3ca69218319333ca2386c';
export const CUSTOMER_ID = 'df90170f3eb44124a22fa12031d25ecb';
export const T0 = Date.UTC(2024, 0, 1);
export const T1 = T0 + 60_000;

/** The source document's example request (section 3.1: ids, wallets and their "abc"/"xyz" versions as given). */
export function registerReq(over: Partial<RegisterCard['loyaltyCard']> = {}): RegisterCard {
  return {
    cardNumber: '99419283746389',
    identity: {
      posId: '09fae9a5d4ea40e79dd7c1096c3694e0',
      posNumber: '5',
      posOperatorId: 'b614f1dbda36454b970b4e1d409f4b01',
      posOperatorNumber: 23,
      siteId: '2345',
    },
    loyaltyCard: {
      cardNumber: '99419283746389',
      phoneNumber: '+48600100200',
      gender: 'F',
      cardPinHmac: PIN,
      wallets: [
        {
          id: 'Stickers2016',
          balance: 1000n,
          stat: { lost: 22n, transferredOut: 13200n, transferredIn: 912n, issued: 19922n },
          version: 'abc',
        },
        {
          id: 'SomethingElse',
          balance: 0n,
          stat: { lost: 0n, transferredOut: 0n, transferredIn: null, issued: null },
          version: 'xyz',
        },
      ],
      ...over,
    },
  };
}

export const fakeFieldCrypto = {
  encrypt: (plain: string, at: FieldAt): EncryptedField => ({
    v: 2,
    kid: 't1',
    iv: Buffer.from(`${at.collection}/${at.id}/${at.field}`).toString('base64'),
    tag: 'dGFn',
    ct: Buffer.from(plain).toString('base64'),
  }),
  phoneHash: (e164: string): string => `h:${e164}`,
};
export const phones = cardPhones(fakeFieldCrypto);

/** A card's stored phone fields for an E.164 number, as the fake crypto makes them. */
export const onFile = (e164: string, cardNumber = '99419283746389') => ({
  phone: fakeFieldCrypto.encrypt(e164, { collection: 'cards', id: cardNumber, field: 'customer.phone' }),
  phoneHash: `h:${e164}`,
});
export const noPhone = { phone: null, phoneHash: null };

export function record(over: Partial<CardRecord> = {}): CardRecord {
  return {
    cardNumber: '99419283746389',
    customerId: CUSTOMER_ID,
    customer: { active: false, ...onFile('+48600100200'), gender: 'F' },
    card: { state: 'WAITING_FOR_ACTIVATION' },
    cardPinHmac: PIN,
    wallets: [],
    registeredBy: { posId: null, posNumber: '5', posOperatorId: null, posOperatorNumber: null, siteId: '2345' },
    createdAt: T0,
    updatedAt: T0,
    revision: 1,
    ...over,
  };
}

/** The rules as the routes call them: each raw phone prepared by the store first. */
export const register = (existing: CardRecord | null, req: RegisterCard, now: number, customerId: string) =>
  decideRegister(existing, req, now, customerId, phones.sealOptional(req.loyaltyCard.phoneNumber, req.cardNumber));
export const activate = (existing: CardRecord | null, phoneRaw: string, now: number) =>
  decideActivate(existing, existing?.cardNumber ?? CARD, phones.hashOf(phoneRaw), now);
export const changePhone = (existing: CardRecord | null, phoneRaw: string, now: number) =>
  decideChangePhone(existing, existing?.cardNumber ?? CARD, phones.seal(phoneRaw, existing?.cardNumber ?? CARD), now);
export const lock = (existing: CardRecord | null, now: number) =>
  decideLock(existing, existing?.cardNumber ?? CARD, now);

/** The fixtures' card number. */
export const CARD = '99419283746389';

/** What a decision answers for a refused request on the fixtures' card: the code, no customer, no write. */
export const refused = (code: CardCode, details?: Detail[]): Decision<CardRecord> => ({
  outcome: { code, ...(details ? { details } : {}), entity: { cardNumber: CARD, customerId: null } },
});

/** What a decision answers when the state asked for already holds: Success naming the card and its customer, no write. */
export const unchanged: Decision<CardRecord> = {
  outcome: { code: 'Success', entity: { cardNumber: CARD, customerId: CUSTOMER_ID } },
};

/** The record a decision writes; it answers Success naming only the card and its customer. */
export function applied(d: Decision<CardRecord>): CardRecord {
  if (d.write === undefined)
    throw new Error(
      `expected a write, got ${JSON.stringify(d, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`,
    );
  expect(d.outcome).toStrictEqual({
    code: 'Success',
    entity: { cardNumber: d.write.cardNumber, customerId: d.write.customerId },
  });
  return d.write;
}
