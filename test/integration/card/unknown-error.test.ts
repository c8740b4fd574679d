// Guarantee: an unexpected failure while handling RegisterCard, ChangePhoneNumber or LockCard is answered 500 UnknownError (the source's code for an unhandled error) with a fixed, safe message in the client's and the cashier's language, never the exception's text; the partition moves on.
import { CardScenario, changePhone, lock, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('unknown');
  await s.startWorker();
});
afterAll(async () => s.close());

test('a card the worker cannot read: LockCard, ChangePhoneNumber and RegisterCard → 500 UnknownError; the next request is served', async () => {
  const card = newCardNumber();
  await s.send(register('u-reg', card));
  await s.reply('u-reg');
  // A bad manual edit: the applied marks are no longer a list (an edit by hand bumps `_rev`, as every writer besides the worker must).
  await s.db
    .collection('cards')
    .updateOne({ _id: card as never }, { $set: { _marks: 'corrupted' }, $inc: { _rev: 1 } });

  await s.send({ ...lock('u-lock', card), clientLanguage: 'en_US', cashierLanguage: 'pl_PL' });
  const locked = await s.reply('u-lock');
  expect(locked).toMatchObject({
    status: 500,
    messageCode: 'UnknownError',
    operation: 'LockCard',
    customerId: null,
    message: 'An unknown server error occurred; please try again later',
    cashierMessage: 'Wystąpił nieznany błąd serwera; spróbuj ponownie później',
  });
  await s.send(changePhone('u-phone', card, '+48601222333'));
  expect(await s.reply('u-phone')).toMatchObject({
    status: 500,
    messageCode: 'UnknownError',
    message: 'Wystąpił nieznany błąd serwera; spróbuj ponownie później',
  });
  await s.send(register('u-reg-again', card));
  expect(await s.reply('u-reg-again')).toMatchObject({
    status: 500,
    messageCode: 'UnknownError',
    operation: 'RegisterCard',
  });
  for (const r of [locked, await s.reply('u-phone')])
    expect(`${r.message} ${r.cashierMessage ?? ''}`).not.toMatch(/TypeError|applied|corrupted/);
  expect(await s.db.collection('cards').findOne({ _id: card as never })).toMatchObject({
    card: { state: 'WAITING_FOR_ACTIVATION' },
  });

  const other = newCardNumber();
  await s.send(register('u-after', other));
  expect(await s.reply('u-after')).toMatchObject({ status: 200, messageCode: 'Success' });
});
