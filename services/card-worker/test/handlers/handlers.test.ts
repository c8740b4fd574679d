// The card handlers called directly, over the in-memory store: every SPEC 5 code
// with its status and entity, activation as one write, redelivery recognised by
// the applied mark, store failures left to the runtime, the PIN HMAC never out.
import { isTransient, TransientError, type Handler, type HandlerContext, type Outcome } from '@workers/runtime';
import { CARD_CODE_TABLE, INTERNAL_ERROR_CODE, type CardCode } from '../../src/domain/codes';
import type { CardOperationName, CardRecord } from '../../src/domain/types';
import { createHandlers } from '../../src/handlers';
import { memoryCardStore, type MemoryCardStore } from '../../src/store/memory-card-store';
import { PIN, registerReq } from '../domain/fixtures';

const NOW = Date.UTC(2024, 4, 1, 12);
const CUSTOMER_ID = 'a'.repeat(32);
const CARD = registerReq().cardNumber;
const PHONE = '+48600100200';
const OTHER_PHONE = '+48601200300';

let cards: MemoryCardStore;
let h: Record<CardOperationName, Handler>;
let now: number;
let seq = 0;

beforeEach(() => {
  cards = memoryCardStore();
  now = NOW;
  h = createHandlers({ cards, clock: { now: () => now }, newCustomerId: () => CUSTOMER_ID });
});

function ctx(requestId = `req-${++seq}`, key: string | null = CARD): HandlerContext {
  return { requestId, envelope: { requestId, sentAt: 0, source: 'ALCS', responseLanguage: null }, key };
}

/** The reply status: the outcome's own, else the code table's. */
function statusOf(o: Outcome): number {
  return o.status ?? CARD_CODE_TABLE[o.code as CardCode].status;
}

const bigintSafe = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v);
const show = (x: unknown): string => JSON.stringify(x, bigintSafe);

async function stored(cardNumber = CARD): Promise<CardRecord> {
  const s = await cards.find(cardNumber);
  if (!s) throw new Error(`card ${cardNumber} not stored`);
  return s.record;
}

const register = (over: Parameters<typeof registerReq>[0] = {}, c = ctx()) => h.RegisterCard(registerReq(over), c);
const activate = (phoneNumber = PHONE, c = ctx(), cardNumber = CARD) => h.ActivateCard({ cardNumber, phoneNumber }, c);
const changePhone = (phoneNumber: string, c = ctx(), cardNumber = CARD) => h.ChangePhoneNumber({ cardNumber, phoneNumber }, c);
const lock = (c = ctx(), cardNumber = CARD) => h.LockCard({ cardNumber }, c);

const found = { cardNumber: CARD, customerId: CUSTOMER_ID };
const none = (cardNumber = CARD) => ({ cardNumber, customerId: null });

describe('RegisterCard', () => {
  it('Success 200 with the new customerId: an inactive customer and a card waiting for activation', async () => {
    const insert = jest.spyOn(cards, 'insert');
    const o = await register({}, ctx('reg-1'));
    expect(o).toEqual({ code: 'Success', status: 200, entity: found });
    expect(statusOf(o)).toBe(200);
    expect(insert).toHaveBeenCalledTimes(1);
    const s = await cards.find(CARD);
    expect(s!.applied).toEqual([{ requestId: 'reg-1', code: 'Success' }]);
    expect(s!.record).toEqual({
      cardNumber: CARD,
      customerId: CUSTOMER_ID,
      customer: { active: false, phoneE164: PHONE, gender: 'F' },
      card: { state: 'WAITING_FOR_ACTIVATION' },
      cardPinHmac: PIN,
      wallets: registerReq().loyaltyCard.wallets,
      registeredBy: registerReq().identity,
      createdAt: NOW,
      updatedAt: NOW,
      revision: 1,
    });
    expect(s!.record.wallets[0]!.balance).toBe(1000n);
  });

  it('registers a customer with no phone (mandatory data may be missing)', async () => {
    expect(await register({ phoneNumber: null })).toEqual({ code: 'Success', status: 200, entity: found });
    expect((await stored()).customer.phoneE164).toBeNull();
  });

  it('stores the phone in E.164 and the PIN HMAC in lower case', async () => {
    await register({ phoneNumber: '600 100 200', cardPinHmac: PIN.toUpperCase() });
    const r = await stored();
    expect(r.customer.phoneE164).toBe(PHONE);
    expect(r.cardPinHmac).toBe(PIN);
  });

  it('CardAlreadyRegistered 409 for a second registration, which changes nothing', async () => {
    await register();
    const before = await cards.find(CARD);
    const insert = jest.spyOn(cards, 'insert');
    const o = await register({ phoneNumber: OTHER_PHONE, gender: 'M' });
    expect(o.code).toBe('CardAlreadyRegistered');
    expect(statusOf(o)).toBe(409);
    expect(o.entity).toEqual(none());
    expect(insert).not.toHaveBeenCalled();
    expect(await cards.find(CARD)).toEqual(before);
  });

  it('ValidationFailed 400 with one detail per broken field, and nothing written', async () => {
    const insert = jest.spyOn(cards, 'insert');
    const find = jest.spyOn(cards, 'find');
    const req = registerReq({ cardPinHmac: 'xyz', gender: 'X' as 'M' });
    const bad = {
      ...req,
      cardNumber: 'ABC-1',
      identity: { ...req.identity, posNumber: 'five' },
      loyaltyCard: { ...req.loyaltyCard, wallets: [{ ...req.loyaltyCard.wallets[0]!, balance: -1n }, req.loyaltyCard.wallets[0]!] },
    };
    const o = await h.RegisterCard(bad, ctx());
    expect(o).toEqual({
      code: 'ValidationFailed',
      details: [
        { field: 'cardNumber', reason: 'must be 1 to 32 letters or digits' },
        { field: 'identity.posNumber', reason: 'must be a number of 1 to 10 digits' },
        { field: 'loyaltyCard.cardNumber', reason: 'must equal the request\'s cardNumber' },
        { field: 'loyaltyCard.gender', reason: 'must be M, F or U' },
        { field: 'loyaltyCard.cardPinHmac', reason: 'must be 64 hexadecimal characters' },
        { field: 'loyaltyCard.wallets[0].balance', reason: 'must not be negative' },
        { field: 'loyaltyCard.wallets[1].id', reason: 'duplicates another wallet id' },
      ],
      entity: none('ABC-1'),
    });
    expect(statusOf(o)).toBe(400);
    expect(find).not.toHaveBeenCalled();
    expect(insert).not.toHaveBeenCalled();
  });

  it('ValidationFailed for a phone that is not a phone number', async () => {
    const o = await register({ phoneNumber: 'call me' });
    expect(o).toEqual({ code: 'ValidationFailed', details: [{ field: 'loyaltyCard.phoneNumber', reason: 'is not a valid phone number' }], entity: none() });
    expect(await cards.find(CARD)).toBeNull();
  });

  it('a customerId already taken by another card is drawn again', async () => {
    const ids = ['a'.repeat(32), 'a'.repeat(32), 'b'.repeat(32)];
    const hx = createHandlers({ cards, clock: { now: () => NOW }, newCustomerId: () => ids.shift()! });
    await hx.RegisterCard(registerReq(), ctx());
    const other = registerReq();
    const o = await hx.RegisterCard({ ...other, cardNumber: '1234', loyaltyCard: { ...other.loyaltyCard, cardNumber: '1234' } }, ctx());
    expect(o).toEqual({ code: 'Success', status: 200, entity: { cardNumber: '1234', customerId: 'b'.repeat(32) } });
  });
});

describe('ActivateCard', () => {
  it('Success 204: customer and card become active together, in one record write', async () => {
    await register();
    now = NOW + 60_000;
    const replace = jest.spyOn(cards, 'replace');
    const insert = jest.spyOn(cards, 'insert');
    const o = await activate(PHONE, ctx('act-1'));
    expect(o).toEqual({ code: 'Success', status: 204, entity: found });
    expect(insert).not.toHaveBeenCalled();
    expect(replace).toHaveBeenCalledTimes(1);
    const [written, expectedRevision, mark] = replace.mock.calls[0]!;
    expect(expectedRevision).toBe(1);
    expect(mark).toEqual({ requestId: 'act-1', code: 'Success' });
    expect(written.customer.active).toBe(true);
    expect(written.card.state).toBe('ACTIVE');
    const r = await stored();
    expect(r).toMatchObject({ customer: { active: true, phoneE164: PHONE }, card: { state: 'ACTIVE' }, revision: 2, createdAt: NOW, updatedAt: NOW + 60_000 });
  });

  it('compares phones in E.164 form', async () => {
    await register();
    expect(await activate('600-100-200')).toMatchObject({ code: 'Success', status: 204 });
    expect(await activate('+48 600 100 200')).toMatchObject({ code: 'Success', status: 204 });
  });

  it('Success 204 for an already active card, without a write', async () => {
    await register();
    await activate();
    const replace = jest.spyOn(cards, 'replace');
    expect(await activate()).toEqual({ code: 'Success', status: 204, entity: found });
    expect(replace).not.toHaveBeenCalled();
    expect((await stored()).revision).toBe(2);
  });

  it('CustomerWithGivenCardNumberNotFound 400 for an unknown card', async () => {
    const o = await activate();
    expect(o).toEqual({ code: 'CustomerWithGivenCardNumberNotFound', entity: none() });
    expect(statusOf(o)).toBe(400);
  });

  it.each([
    ['another number', OTHER_PHONE],
    ['text that is no phone number', 'abc'],
  ])('IncorrectPhoneNumber 400 for %s, and nothing changes', async (_what, phone) => {
    await register();
    const o = await activate(phone);
    expect(o).toEqual({ code: 'IncorrectPhoneNumber', entity: none() });
    expect(statusOf(o)).toBe(400);
    expect(await stored()).toMatchObject({ customer: { active: false }, card: { state: 'WAITING_FOR_ACTIVATION' }, revision: 1 });
  });

  it('IncorrectPhoneNumber when no phone is on record', async () => {
    await register({ phoneNumber: null });
    expect((await activate(PHONE)).code).toBe('IncorrectPhoneNumber');
  });

  it('CardWasNotWaitingForActivation 422 for a locked card', async () => {
    await register();
    await lock();
    const o = await activate();
    expect(o).toEqual({ code: 'CardWasNotWaitingForActivation', entity: none() });
    expect(statusOf(o)).toBe(422);
    expect(await stored()).toMatchObject({ customer: { active: false }, card: { state: 'LOCKED' } });
  });

  it('ValidationFailed 400 for an empty phone or a bad card number', async () => {
    expect(await activate('  ')).toEqual({ code: 'ValidationFailed', details: [{ field: 'phoneNumber', reason: 'must not be empty' }], entity: none() });
    expect(await activate(PHONE, ctx(), '')).toEqual({
      code: 'ValidationFailed',
      details: [{ field: 'cardNumber', reason: 'must be 1 to 32 letters or digits' }],
      entity: none(''),
    });
  });

  it('CustomerActivationError 500 is the runtime\'s answer to a failed write, which leaves both inactive', async () => {
    expect(INTERNAL_ERROR_CODE.ActivateCard).toBe('CustomerActivationError');
    expect(CARD_CODE_TABLE.CustomerActivationError.status).toBe(500);
    await register();
    const err = new TypeError('driver bug');
    jest.spyOn(cards, 'replace').mockRejectedValueOnce(err);
    await expect(activate()).rejects.toBe(err);
    expect(isTransient(err)).toBe(false);
    expect(await stored()).toMatchObject({ customer: { active: false }, card: { state: 'WAITING_FOR_ACTIVATION' }, revision: 1 });
  });
});

describe('ChangePhoneNumber', () => {
  it('Success 204: the phone is replaced, in E.164', async () => {
    await register();
    now = NOW + 1;
    expect(await changePhone('601 200 300')).toEqual({ code: 'Success', status: 204, entity: found });
    expect(await stored()).toMatchObject({ customer: { phoneE164: OTHER_PHONE, active: false }, revision: 2, updatedAt: NOW + 1 });
    // The new number is the one activation checks.
    expect((await activate(PHONE)).code).toBe('IncorrectPhoneNumber');
    expect((await activate(OTHER_PHONE)).code).toBe('Success');
  });

  it('Success 204 without a write when the number is the same', async () => {
    await register();
    const replace = jest.spyOn(cards, 'replace');
    expect(await changePhone('600100200')).toEqual({ code: 'Success', status: 204, entity: found });
    expect(replace).not.toHaveBeenCalled();
  });

  it('Success on a locked card, which stays locked', async () => {
    await register();
    await lock();
    expect((await changePhone(OTHER_PHONE)).code).toBe('Success');
    expect(await stored()).toMatchObject({ customer: { phoneE164: OTHER_PHONE }, card: { state: 'LOCKED' } });
  });

  it('CustomerWithGivenCardNumberNotFound 400 for an unknown card', async () => {
    const o = await changePhone(OTHER_PHONE);
    expect(o).toEqual({ code: 'CustomerWithGivenCardNumberNotFound', entity: none() });
    expect(statusOf(o)).toBe(400);
  });

  it('ValidationFailed 400 for a number that is not a phone number', async () => {
    await register();
    const o = await changePhone('12');
    expect(o).toEqual({ code: 'ValidationFailed', details: [{ field: 'phoneNumber', reason: 'is not a valid phone number' }], entity: none() });
    expect(statusOf(o)).toBe(400);
    expect((await stored()).customer.phoneE164).toBe(PHONE);
  });
});

describe('LockCard', () => {
  it('Success 204: the card is locked, the customer left as is', async () => {
    await register();
    await activate();
    expect(await lock()).toEqual({ code: 'Success', status: 204, entity: found });
    expect(await stored()).toMatchObject({ customer: { active: true, phoneE164: PHONE }, card: { state: 'LOCKED' }, revision: 3 });
  });

  it('Success 204 for a locked card, without a write', async () => {
    await register();
    await lock();
    const replace = jest.spyOn(cards, 'replace');
    expect(await lock()).toEqual({ code: 'Success', status: 204, entity: found });
    expect(replace).not.toHaveBeenCalled();
  });

  it('CustomerWithGivenCardNumberNotFound 400 for an unknown card', async () => {
    const o = await lock();
    expect(o).toEqual({ code: 'CustomerWithGivenCardNumberNotFound', entity: none() });
    expect(statusOf(o)).toBe(400);
  });

  it('ValidationFailed 400 for a bad card number', async () => {
    const o = await lock(ctx(), 'x'.repeat(33));
    expect(o).toEqual({ code: 'ValidationFailed', details: [{ field: 'cardNumber', reason: 'must be 1 to 32 letters or digits' }], entity: none('x'.repeat(33)) });
  });
});

describe('a redelivered request (its effect written, its reply lost)', () => {
  it('RegisterCard answers Success with the same customerId, not CardAlreadyRegistered, and writes nothing', async () => {
    const first = await register({}, ctx('reg-1'));
    const insert = jest.spyOn(cards, 'insert');
    const replace = jest.spyOn(cards, 'replace');
    expect(await register({}, ctx('reg-1'))).toEqual(first);
    expect(insert).not.toHaveBeenCalled();
    expect(replace).not.toHaveBeenCalled();
    expect((await cards.find(CARD))!.applied).toEqual([{ requestId: 'reg-1', code: 'Success' }]);
  });

  it('ActivateCard answers Success even when the card was locked since, and writes nothing', async () => {
    await register();
    await activate(PHONE, ctx('act-1'));
    await lock();
    const replace = jest.spyOn(cards, 'replace');
    expect(await activate(PHONE, ctx('act-1'))).toEqual({ code: 'Success', status: 204, entity: found });
    expect(replace).not.toHaveBeenCalled();
    expect((await stored()).revision).toBe(3);
  });

  it('ChangePhoneNumber is not applied a second time over a later change', async () => {
    await register();
    await changePhone(OTHER_PHONE, ctx('chg-1'));
    await changePhone('+48602300400', ctx('chg-2'));
    expect((await changePhone(OTHER_PHONE, ctx('chg-1'))).code).toBe('Success');
    expect(await stored()).toMatchObject({ customer: { phoneE164: '+48602300400' }, revision: 3 });
  });

  it('a new request id is applied as usual', async () => {
    await register({}, ctx('reg-1'));
    expect((await register({}, ctx('reg-2'))).code).toBe('CardAlreadyRegistered');
  });
});

describe('concurrent writers', () => {
  it('a lost race re-reads and decides again', async () => {
    await register();
    const replace = jest.spyOn(cards, 'replace').mockResolvedValueOnce(false);
    expect(await activate()).toEqual({ code: 'Success', status: 204, entity: found });
    expect(replace).toHaveBeenCalledTimes(2);
    expect((await stored()).revision).toBe(2);
  });

  it('contention that does not pass becomes a TransientError (retried, never a reply)', async () => {
    await register();
    jest.spyOn(cards, 'replace').mockResolvedValue(false);
    const err = await lock().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(isTransient(err)).toBe(true);
  });
});

describe('store failures propagate to the runtime', () => {
  const calls: [CardOperationName, () => Promise<Outcome>][] = [
    ['RegisterCard', () => register()],
    ['ActivateCard', () => activate()],
    ['ChangePhoneNumber', () => changePhone(OTHER_PHONE)],
    ['LockCard', () => lock()],
  ];

  it.each(calls)('%s: a TypeError propagates as is (the runtime answers UnknownError or CustomerActivationError)', async (op, call) => {
    const err = new TypeError('store bug');
    cards.failNext(err);
    await expect(call()).rejects.toBe(err);
    expect(isTransient(err)).toBe(false);
    expect(INTERNAL_ERROR_CODE[op]).toBe(op === 'ActivateCard' ? 'CustomerActivationError' : 'UnknownError');
  });

  it.each(calls)('%s: a TransientError propagates as is (the runtime retries)', async (_op, call) => {
    const err = new TransientError('database unreachable');
    cards.failNext(err);
    await expect(call()).rejects.toBe(err);
    expect(isTransient(err)).toBe(true);
  });

  it('a failed insert leaves no card behind; the retry then registers it', async () => {
    const err = new TransientError('database unreachable');
    jest.spyOn(cards, 'insert').mockRejectedValueOnce(err);
    await expect(register({}, ctx('reg-1'))).rejects.toBe(err);
    expect(await cards.find(CARD)).toBeNull();
    expect(await register({}, ctx('reg-1'))).toEqual({ code: 'Success', status: 200, entity: found });
  });
});

describe('the PIN HMAC', () => {
  it('never appears in any outcome', async () => {
    const upper = PIN.toUpperCase();
    const outcomes: Outcome[] = [
      await register({ cardPinHmac: upper }),
      await register({ cardPinHmac: upper }, ctx('dup')),
      await register({ cardPinHmac: upper }, ctx('dup')),
      await register({ cardPinHmac: `${PIN}0` }),
      await h.RegisterCard({ ...registerReq(), cardNumber: '' }, ctx()),
      await activate(OTHER_PHONE),
      await activate(),
      await activate(),
      await changePhone(OTHER_PHONE),
      await changePhone('12'),
      await lock(),
      await lock(),
      await activate(),
      await lock(ctx(), '555'),
    ];
    expect(outcomes.map((o) => o.code)).toEqual([
      'Success', 'CardAlreadyRegistered', 'CardAlreadyRegistered', 'ValidationFailed', 'ValidationFailed',
      'IncorrectPhoneNumber', 'Success', 'Success', 'Success', 'ValidationFailed', 'Success', 'Success',
      'CardWasNotWaitingForActivation', 'CustomerWithGivenCardNumberNotFound',
    ]);
    for (const o of outcomes) {
      const text = show(o).toLowerCase();
      expect(text).not.toContain(PIN);
      expect(text).not.toContain(PIN.slice(0, 16));
      expect(Object.keys(o.entity ?? {}).sort()).toEqual(['cardNumber', 'customerId']);
    }
    // It is stored, though (in lower case).
    expect((await stored()).cardPinHmac).toBe(PIN);
  });
});
