// Guarantee: every row and code of docs/rules.md#cards — each card operation answers
// with its own code and status, in the client's and the cashier's language, and
// customer and card become active together.
import { CardScenario, activate, changePhone, lock, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('ops');
  await s.startWorker();
});
afterAll(async () => s.close());

test('RegisterCard: 200 with a 32-hex customerId; a second registration is 409 CardAlreadyRegistered', async () => {
  const card = newCardNumber();
  await s.send(register('reg-1', card));
  const r = await s.reply('reg-1');
  expect(r).toMatchObject({
    status: 200,
    messageCode: 'Success',
    operation: 'RegisterCard',
    cardNumber: card,
    details: [],
  });
  expect(r.customerId).toMatch(/^[0-9a-f]{32}$/);
  const doc = await s.db.collection('cards').findOne({ _id: card as never });
  expect(doc).toMatchObject({
    customer: { active: false },
    card: { state: 'WAITING_FOR_ACTIVATION' },
  });
  expect(await s.phoneOf(card)).toBe('+48600100200');
  expect(doc?.wallets[0].balance).toBe(12345n);

  await s.send(register('reg-2', card));
  expect(await s.reply('reg-2')).toMatchObject({ status: 409, messageCode: 'CardAlreadyRegistered', customerId: null });
});

test('ActivateCard: 204, customer and card active together; already active is success; pl_PL by default, en_US on request', async () => {
  const card = newCardNumber();
  await s.send(register('a-reg', card, '600 100 200'));
  await s.reply('a-reg');
  await s.send(activate('a-1', card, '+48 600-100-200'));
  const r = await s.reply('a-1');
  expect(r).toMatchObject({ status: 204, messageCode: 'Success' });
  const doc = await s.db.collection('cards').findOne({ _id: card as never });
  expect(doc).toMatchObject({ customer: { active: true }, card: { state: 'ACTIVE' } });

  await s.send(activate('a-2', card, '600100200', { clientLanguage: 'en_US', cashierLanguage: 'pl_PL' }));
  const again = await s.reply('a-2');
  expect(again).toMatchObject({ status: 204, messageCode: 'Success' });
  expect(again.message).not.toBe(again.cashierMessage);
  expect(r.message).toBe(r.cashierMessage);
});

test('ActivateCard: wrong phone → 400 IncorrectPhoneNumber; no phone on record → 400; unknown card → 400; locked card → 422', async () => {
  const card = newCardNumber();
  await s.send(register('w-reg', card));
  await s.reply('w-reg');
  await s.send(activate('w-1', card, '+48600999999'));
  expect(await s.reply('w-1')).toMatchObject({ status: 400, messageCode: 'IncorrectPhoneNumber' });

  const nophone = newCardNumber();
  await s.send(register('n-reg', nophone, null));
  await s.reply('n-reg');
  await s.send(activate('n-1', nophone, '+48600100200'));
  expect(await s.reply('n-1')).toMatchObject({ status: 400, messageCode: 'IncorrectPhoneNumber' });

  await s.send(activate('u-1', newCardNumber(), '+48600100200'));
  expect(await s.reply('u-1')).toMatchObject({ status: 400, messageCode: 'CustomerWithGivenCardNumberNotFound' });

  await s.send(lock('l-1', card));
  expect(await s.reply('l-1')).toMatchObject({ status: 204, messageCode: 'Success' });
  await s.send(activate('l-2', card, '+48600100200'));
  expect(await s.reply('l-2')).toMatchObject({ status: 422, messageCode: 'CardWasNotWaitingForActivation' });
  const doc = await s.db.collection('cards').findOne({ _id: card as never });
  expect(doc).toMatchObject({ customer: { active: false }, card: { state: 'LOCKED' } });
});

test('ChangePhoneNumber: 204 and the new number is the one activation checks; unknown card → 400', async () => {
  const card = newCardNumber();
  await s.send(register('c-reg', card));
  await s.reply('c-reg');
  await s.send(changePhone('c-1', card, '+48 601 222 333'));
  expect(await s.reply('c-1')).toMatchObject({ status: 204, messageCode: 'Success' });
  await s.send(activate('c-2', card, '+48600100200'));
  expect(await s.reply('c-2')).toMatchObject({ messageCode: 'IncorrectPhoneNumber' });
  await s.send(activate('c-3', card, '601222333'));
  expect(await s.reply('c-3')).toMatchObject({ status: 204, messageCode: 'Success' });
  await s.send(changePhone('c-4', newCardNumber(), '+48601222333'));
  expect(await s.reply('c-4')).toMatchObject({ status: 400, messageCode: 'CustomerWithGivenCardNumberNotFound' });
});

test('LockCard: 204; locking a locked card is success; unknown card → 400', async () => {
  const card = newCardNumber();
  await s.send(register('k-reg', card));
  await s.reply('k-reg');
  await s.send(lock('k-1', card));
  await s.send(lock('k-2', card));
  expect(await s.reply('k-1')).toMatchObject({ status: 204, messageCode: 'Success' });
  expect(await s.reply('k-2')).toMatchObject({ status: 204, messageCode: 'Success' });
  await s.send(lock('k-3', newCardNumber()));
  expect(await s.reply('k-3')).toMatchObject({ status: 400, messageCode: 'CustomerWithGivenCardNumberNotFound' });
});

test('ValidationFailed: 400 with one detail per bad field; the PIN HMAC never appears in a reply', async () => {
  const card = newCardNumber();
  const bad = register('v-1', card, 'not a phone');
  (bad.op.loyaltyCard as { cardPinHmac: string }).cardPinHmac = 'xyz';
  await s.send(bad);
  const r = await s.reply('v-1');
  expect(r).toMatchObject({ status: 400, messageCode: 'ValidationFailed' });
  expect(r.details.map((d) => d.field).sort()).toEqual(
    expect.arrayContaining(['loyaltyCard.cardPinHmac', 'loyaltyCard.phoneNumber']),
  );
  const all = JSON.stringify(
    s.replies.received.map((x) => x.value),
    (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
  );
  expect(all).not.toContain('ab'.repeat(32));
  expect(await s.db.collection('cards').countDocuments({ _id: card as never })).toBe(0);
});

test('ActivateCard on a card the worker cannot read: 500 CustomerActivationError, nothing half-activated, the partition moves on', async () => {
  const card = newCardNumber();
  await s.send(register('e-reg', card));
  await s.reply('e-reg');
  // A bad manual edit: the applied marks are no longer a list (an edit by hand bumps `_rev`, as every writer besides the worker must).
  await s.db
    .collection('cards')
    .updateOne({ _id: card as never }, { $set: { _marks: 'corrupted' }, $inc: { _rev: 1 } });
  await s.send(activate('e-1', card, '+48600100200', { clientLanguage: 'en_US' }));
  expect(await s.reply('e-1')).toMatchObject({
    status: 500,
    messageCode: 'CustomerActivationError',
    message: 'Error while activating the customer',
    cashierMessage: 'Błąd podczas aktywacji klienta',
  });
  const doc = await s.db.collection('cards').findOne({ _id: card as never });
  expect(doc).toMatchObject({ customer: { active: false }, card: { state: 'WAITING_FOR_ACTIVATION' } });
  const other = newCardNumber();
  await s.send(register('e-after', other));
  expect(await s.reply('e-after')).toMatchObject({ status: 200, messageCode: 'Success' });
});
