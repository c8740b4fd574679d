// The card worker's routing table run by the real runtime on in-memory backends:
// every code of docs/rules.md#cards with its status and entity, customer and card activated in one
// write, a redelivered request recognised by its mark, the PIN HMAC never in a reply.
import type { MemoryEntityStore, Versioned } from '@workers/runtime';
import { RouteHarness } from '@workers/runtime/route-harness';
import type { CardRecord } from '../../src/domain/types';
import { CARDS, cardRoutes } from '../../src/routes';
import { PIN, noPhone, onFile, phones, registerReq } from '../domain/fixtures';

const NOW = Date.UTC(2024, 4, 1, 12);
const CUSTOMER_ID = 'a'.repeat(32);
const CARD = registerReq().cardNumber;
const PHONE = '+48600100200';
const TOPICS = { requests: 'alcs.card.requests', replies: 'alcs.card.replies' };

let h: RouteHarness;
let cards: MemoryEntityStore<CardRecord>;
let seq = 0;
beforeEach(async () => {
  h = await RouteHarness.start(cardRoutes(TOPICS, { phones }), {
    entities: [CARDS],
    now: () => NOW,
    newId: () => CUSTOMER_ID,
  });
  cards = h.entities[CARDS] as MemoryEntityStore<CardRecord>;
});
afterEach(async () => h.stop());

type Reply = {
  status: number;
  messageCode: string;
  cardNumber: string | null;
  customerId: string | null;
  details: { field: string; reason: string }[];
  message: string;
  cashierMessage: string;
};
const ask = (operation: string, payload: unknown, requestId = `req-${++seq}`) =>
  h.ask<Reply>({ requestId, operation, payload, key: (payload as { cardNumber: string }).cardNumber });
const register = (over: Parameters<typeof registerReq>[0] = {}, id?: string) =>
  ask('RegisterCard', registerReq(over), id);
const activate = (phoneNumber = PHONE, id?: string, cardNumber = CARD) =>
  ask('ActivateCard', { cardNumber, phoneNumber }, id);
const changePhone = (phoneNumber: string, id?: string) =>
  ask('ChangePhoneNumber', { cardNumber: CARD, phoneNumber }, id);
const lock = (id?: string, cardNumber = CARD) => ask('LockCard', { cardNumber }, id);
const stored = (): Versioned<CardRecord> => cards.docs.get(CARD)!;

const found = { cardNumber: CARD, customerId: CUSTOMER_ID };
const none = { cardNumber: CARD, customerId: null };

describe('RegisterCard', () => {
  it('Success 200 with the new customerId: an inactive customer and a card waiting for activation', async () => {
    expect(await register({}, 'reg-1')).toMatchObject({ status: 200, messageCode: 'Success', ...found, details: [] });
    expect(stored().applied.map((m) => m.requestId)).toEqual(['reg-1']);
    expect(stored().record).toEqual({
      cardNumber: CARD,
      customerId: CUSTOMER_ID,
      customer: { active: false, ...onFile(PHONE), gender: 'F' },
      card: { state: 'WAITING_FOR_ACTIVATION' },
      cardPinHmac: PIN,
      wallets: registerReq().loyaltyCard.wallets,
      registeredBy: registerReq().identity,
      createdAt: NOW,
      updatedAt: NOW,
      revision: 1,
    });
    expect(stored().record.wallets[0]!.balance).toBe(1000n);
  });

  it('a customer with no phone (mandatory data may be missing); phones in E.164 and the PIN HMAC in lower case', async () => {
    expect(await register({ phoneNumber: null })).toMatchObject({ status: 200, ...found });
    expect(stored().record.customer).toMatchObject(noPhone);
    expect(await register({ phoneNumber: '600 100 200', cardPinHmac: PIN.toUpperCase() }, 'again')).toMatchObject({
      status: 409,
    });
  });

  it('CardAlreadyRegistered 409 for a second registration, which changes nothing', async () => {
    await register();
    const before = structuredClone(stored());
    expect(await register({ gender: 'M' })).toMatchObject({
      status: 409,
      messageCode: 'CardAlreadyRegistered',
      ...none,
    });
    expect(stored()).toEqual(before);
  });

  it('ValidationFailed 400 names each broken field; nothing is read or written', async () => {
    const req = registerReq({ cardPinHmac: 'xyz', gender: 'X' as 'M' });
    const r = await ask('RegisterCard', {
      ...req,
      cardNumber: 'ABC-1',
      identity: { ...req.identity, posNumber: 'five' },
    });
    expect(r).toMatchObject({ status: 400, messageCode: 'ValidationFailed', cardNumber: 'ABC-1', customerId: null });
    expect(r.details.map((d) => d.field)).toEqual([
      'cardNumber',
      'identity.posNumber',
      'loyaltyCard.cardNumber',
      'loyaltyCard.gender',
      'loyaltyCard.cardPinHmac',
    ]);
    expect(cards.calls).toEqual({ load: 0, save: 0 });
  });

  it('ValidationFailed for a phone that is not a phone number', async () => {
    expect(await register({ phoneNumber: 'call me' })).toMatchObject({
      status: 400,
      messageCode: 'ValidationFailed',
      details: [{ field: 'loyaltyCard.phoneNumber' }],
    });
    expect(cards.docs.size).toBe(0);
  });
});

describe('ActivateCard', () => {
  it('Success 204: customer and card become active together, in one record write; already active is success without a write', async () => {
    await register();
    expect(await activate('600-100-200')).toMatchObject({ status: 204, messageCode: 'Success', ...found });
    expect(stored()).toMatchObject({
      revision: 2,
      record: { customer: { active: true }, card: { state: 'ACTIVE' }, revision: 2 },
    });
    expect(await activate()).toMatchObject({ status: 204, messageCode: 'Success' });
    expect(stored().revision).toBe(2);
  });

  it('CustomerWithGivenCardNumberNotFound 400, IncorrectPhoneNumber 400 (also with no phone on record), CardWasNotWaitingForActivation 422', async () => {
    expect(await activate()).toMatchObject({
      status: 400,
      messageCode: 'CustomerWithGivenCardNumberNotFound',
      ...none,
    });
    await register({ phoneNumber: null });
    expect(await activate()).toMatchObject({ status: 400, messageCode: 'IncorrectPhoneNumber' });
    await changePhone(PHONE);
    expect(await activate('+48601200300')).toMatchObject({ status: 400, messageCode: 'IncorrectPhoneNumber' });
    await lock();
    expect(await activate()).toMatchObject({ status: 422, messageCode: 'CardWasNotWaitingForActivation' });
    expect(stored().record.customer.active).toBe(false);
  });

  it('a stored card the rules cannot read answers CustomerActivationError 500 and leaves both inactive', async () => {
    await register();
    // A bad manual edit (which, as every writer besides the worker must, bumps the revision).
    cards.concurrentWrite(CARD, (r) => ({ ...r, customer: null as never }));
    expect(await activate()).toMatchObject({
      status: 500,
      messageCode: 'CustomerActivationError',
      message: 'Błąd podczas aktywacji klienta',
    });
    expect(stored().record.card.state).toBe('WAITING_FOR_ACTIVATION');
  });
});

describe('ChangePhoneNumber and LockCard', () => {
  it('the phone is replaced in E.164; the same number is success without a write; a locked card stays locked', async () => {
    expect(await changePhone('+48601200300')).toMatchObject({
      status: 400,
      messageCode: 'CustomerWithGivenCardNumberNotFound',
    });
    await register();
    expect(await changePhone('601 200 300')).toMatchObject({ status: 204, messageCode: 'Success' });
    expect(stored().record.customer).toMatchObject(onFile('+48601200300'));
    expect(await changePhone('+48601200300')).toMatchObject({ status: 204 });
    expect(stored().revision).toBe(2);
    expect(await changePhone('nope')).toMatchObject({
      status: 400,
      messageCode: 'ValidationFailed',
      details: [{ field: 'phoneNumber' }],
    });
    expect(await lock()).toMatchObject({ status: 204, messageCode: 'Success' });
    expect(await lock()).toMatchObject({ status: 204, messageCode: 'Success' });
    expect(await changePhone('+48602300400')).toMatchObject({ status: 204 });
    expect(stored().record).toMatchObject({
      card: { state: 'LOCKED' },
      customer: { ...onFile('+48602300400'), active: false },
    });
    expect(await lock(undefined, '111')).toMatchObject({
      status: 400,
      messageCode: 'CustomerWithGivenCardNumberNotFound',
    });
  });
});

describe('a redelivered request (its effect written before a crash, its reply lost)', () => {
  it('RegisterCard answers Success with the same customerId, not CardAlreadyRegistered, and writes nothing', async () => {
    await register({}, 'reg-1');
    h.processed.records.clear();
    expect(await register({}, 'reg-1')).toMatchObject({ status: 200, messageCode: 'Success', ...found });
    expect(stored().revision).toBe(1);
  });

  it('ActivateCard answers Success even though the card was locked since', async () => {
    await register();
    await activate(PHONE, 'act-1');
    await lock();
    h.processed.records.clear();
    expect(await activate(PHONE, 'act-1')).toMatchObject({ status: 204, messageCode: 'Success' });
    expect(stored().record.card.state).toBe('LOCKED');
  });
});

it('the PIN HMAC never reaches a reply', async () => {
  await register();
  await activate();
  const all = JSON.stringify(h.read(TOPICS.replies));
  expect(all).not.toContain(PIN);
  expect(all).not.toContain('600100200');
});
