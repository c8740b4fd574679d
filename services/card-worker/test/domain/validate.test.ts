import type { CardOperationName, RegisterCard, Wallet } from '../../src/domain/types';
import { validateActivate } from '../../src/operations/activate-card';
import { validateChangePhone } from '../../src/operations/change-phone-number';
import { validateLock } from '../../src/operations/lock-card';
import { validateRegister } from '../../src/operations/register-card';
import { cardOperations } from '../../src/routes';
import { phones, registerReq } from './fixtures';

/** The validation the routing table runs for `operation`. */
const validateOperation = (operation: CardOperationName, payload: unknown) =>
  cardOperations(phones)[operation].validate?.(payload as never) ?? [];

const fields = (d: { field: string }[]) => d.map((x) => x.field);

function withIdentity(over: Partial<RegisterCard['identity']>): RegisterCard {
  const r = registerReq();
  return { ...r, identity: { ...r.identity, ...over } };
}

function withCardNumber(cardNumber: string): RegisterCard {
  const r = registerReq();
  return { ...r, cardNumber, loyaltyCard: { ...r.loyaltyCard, cardNumber } };
}

function withWallet(over: Partial<Wallet>, statOver: Partial<Wallet['stat']> = {}): RegisterCard {
  const r = registerReq();
  const w = r.loyaltyCard.wallets[0]!;
  return registerReq({ wallets: [{ ...w, ...over, stat: { ...w.stat, ...statOver } }] });
}

describe('validateRegister', () => {
  it("accepts the source document's example", () => expect(validateRegister(registerReq())).toEqual([]));

  it('accepts a card without phone, cashier, POS id or wallets', () => {
    const r = registerReq({ phoneNumber: null, wallets: [] });
    expect(
      validateRegister({ ...r, identity: { ...r.identity, posId: null, posOperatorId: '', posOperatorNumber: 0 } }),
    ).toEqual([]);
    expect(validateRegister(registerReq({ phoneNumber: '' }))).toEqual([]);
  });

  it.each(['', ' 123', '12-34', '9941 9283', 'x'.repeat(33), 'ąę12'])('rejects card number %j', (cardNumber) => {
    expect(validateRegister(withCardNumber(cardNumber))).toEqual([{ field: 'cardNumber', reason: expect.any(String) }]);
  });

  it.each(['99419283746389', 'ABC123', '1', '9'.repeat(32)])('accepts card number %j', (cardNumber) => {
    expect(validateRegister(withCardNumber(cardNumber))).toEqual([]);
  });

  it("requires loyaltyCard.cardNumber to be the request's card number", () => {
    const r = registerReq();
    expect(validateRegister({ ...r, loyaltyCard: { ...r.loyaltyCard, cardNumber: '99419283746380' } })).toEqual([
      { field: 'loyaltyCard.cardNumber', reason: "must equal the request's cardNumber" },
    ]);
    expect(fields(validateRegister({ ...r, cardNumber: '1' }))).toEqual(['loyaltyCard.cardNumber']);
  });

  it('requires posNumber digits and a non-empty siteId', () => {
    expect(fields(validateRegister(withIdentity({ posNumber: '' })))).toEqual(['identity.posNumber']);
    expect(fields(validateRegister(withIdentity({ posNumber: 'five' })))).toEqual(['identity.posNumber']);
    expect(fields(validateRegister(withIdentity({ siteId: '  ' })))).toEqual(['identity.siteId']);
    expect(fields(validateRegister(withIdentity({ siteId: ' 2345' })))).toEqual(['identity.siteId']);
    expect(fields(validateRegister(withIdentity({ siteId: 'S'.repeat(65) })))).toEqual(['identity.siteId']);
  });

  it('rejects a negative cashier number and over-long optional ids', () => {
    expect(fields(validateRegister(withIdentity({ posOperatorNumber: -1 })))).toEqual(['identity.posOperatorNumber']);
    expect(fields(validateRegister(withIdentity({ posId: 'p'.repeat(65), posOperatorId: 'o'.repeat(65) })))).toEqual([
      'identity.posId',
      'identity.posOperatorId',
    ]);
  });

  it('rejects an invalid phone, an unknown gender and a bad PIN HMAC', () => {
    const bad = registerReq({ phoneNumber: 'not a phone', gender: 'X' as 'M', cardPinHmac: 'abc' });
    expect(validateRegister(bad)).toEqual([
      { field: 'loyaltyCard.phoneNumber', reason: 'is not a valid phone number' },
      { field: 'loyaltyCard.gender', reason: 'must be M, F or U' },
      { field: 'loyaltyCard.cardPinHmac', reason: 'must be 64 hexadecimal characters' },
    ]);
  });

  it('accepts an upper-case PIN HMAC but not 63 or 65 characters or non-hex', () => {
    const pin = registerReq().loyaltyCard.cardPinHmac;
    expect(validateRegister(registerReq({ cardPinHmac: pin.toUpperCase() }))).toEqual([]);
    for (const p of [pin.slice(1), `${pin}a`, `${pin.slice(1)}g`]) {
      expect(fields(validateRegister(registerReq({ cardPinHmac: p })))).toEqual(['loyaltyCard.cardPinHmac']);
    }
  });

  it('rejects duplicate and empty wallet ids', () => {
    const [a, b] = registerReq().loyaltyCard.wallets;
    expect(validateRegister(registerReq({ wallets: [a!, { ...b!, id: a!.id }] }))).toEqual([
      { field: 'loyaltyCard.wallets[1].id', reason: 'duplicates another wallet id' },
    ]);
    expect(fields(validateRegister(withWallet({ id: '' })))).toEqual(['loyaltyCard.wallets[0].id']);
  });

  it('rejects negative amounts and amounts beyond decimal(18,2)', () => {
    expect(fields(validateRegister(withWallet({ balance: -1n })))).toEqual(['loyaltyCard.wallets[0].balance']);
    expect(
      fields(validateRegister(withWallet({}, { lost: -1n, transferredOut: -1n, transferredIn: -1n, issued: -1n }))),
    ).toEqual([
      'loyaltyCard.wallets[0].stat.lost',
      'loyaltyCard.wallets[0].stat.transferredOut',
      'loyaltyCard.wallets[0].stat.transferredIn',
      'loyaltyCard.wallets[0].stat.issued',
    ]);
    expect(validateRegister(withWallet({ balance: 10n ** 18n - 1n }))).toEqual([]);
    expect(validateRegister(withWallet({ balance: 10n ** 18n }))).toEqual([
      { field: 'loyaltyCard.wallets[0].balance', reason: 'exceeds decimal(18,2)' },
    ]);
  });

  it('rejects an amount that was not decoded as a decimal', () => {
    const notDecimal = Buffer.from([1]) as unknown as bigint;
    expect(validateRegister(withWallet({ balance: notDecimal }))).toEqual([
      { field: 'loyaltyCard.wallets[0].balance', reason: 'must be a decimal amount' },
    ]);
  });

  it('takes any wallet version token, bounded; rejects an empty one and too many wallets', () => {
    for (const version of ['abc', 'xyz', '1', 'v2016-08-03', 'V'.repeat(64)])
      expect(validateRegister(withWallet({ version }))).toEqual([]);
    expect(fields(validateRegister(withWallet({ version: '' })))).toEqual(['loyaltyCard.wallets[0].version']);
    expect(fields(validateRegister(withWallet({ version: 'V'.repeat(65) })))).toEqual([
      'loyaltyCard.wallets[0].version',
    ]);
    const w = registerReq().loyaltyCard.wallets[0]!;
    const many = Array.from({ length: 101 }, (_, i) => ({ ...w, id: `w${i}` }));
    expect(fields(validateRegister(registerReq({ wallets: many })))).toEqual(['loyaltyCard.wallets']);
  });

  it('reports every broken field at once', () => {
    const r = registerReq({ cardPinHmac: '', phoneNumber: '12' });
    expect(
      fields(validateRegister({ ...r, cardNumber: '', identity: { ...r.identity, posNumber: '', siteId: '' } })),
    ).toEqual([
      'cardNumber',
      'identity.posNumber',
      'identity.siteId',
      'loyaltyCard.cardNumber',
      'loyaltyCard.phoneNumber',
      'loyaltyCard.cardPinHmac',
    ]);
  });
});

describe('validateActivate / validateChangePhone / validateLock', () => {
  it('ActivateCard needs a card number and a phone; its format is decided by the rule (IncorrectPhoneNumber)', () => {
    expect(validateActivate({ cardNumber: '99419283746389', phoneNumber: '600 100 200' })).toEqual([]);
    expect(validateActivate({ cardNumber: '99419283746389', phoneNumber: 'garbage' })).toEqual([]);
    expect(validateActivate({ cardNumber: '', phoneNumber: ' ' })).toEqual([
      { field: 'cardNumber', reason: 'must be 1 to 32 letters or digits' },
      { field: 'phoneNumber', reason: 'must not be empty' },
    ]);
  });

  it('ChangePhoneNumber needs a valid phone', () => {
    expect(validateChangePhone({ cardNumber: '99419283746389', phoneNumber: '0048 600-100-200' })).toEqual([]);
    expect(validateChangePhone({ cardNumber: '99419283746389', phoneNumber: '123' })).toEqual([
      { field: 'phoneNumber', reason: 'is not a valid phone number' },
    ]);
  });

  it('LockCard needs a card number', () => {
    expect(validateLock({ cardNumber: '99419283746389' })).toEqual([]);
    expect(fields(validateLock({ cardNumber: '99 41' }))).toEqual(['cardNumber']);
  });

  it('validateOperation dispatches by operation name', () => {
    expect(validateOperation('LockCard', { cardNumber: '' })).toHaveLength(1);
    expect(validateOperation('RegisterCard', registerReq())).toEqual([]);
    expect(validateOperation('ChangePhoneNumber', { cardNumber: '1', phoneNumber: 'x' })).toHaveLength(1);
    expect(validateOperation('ActivateCard', { cardNumber: '1', phoneNumber: 'x' })).toEqual([]);
  });
});
