// Guarantee: exactly-once effect per requestId — the same request sent twice is
// applied once and answered twice with the identical reply; the same requestId
// with other content is answered DuplicateRequestId (409) and changes nothing.
import { CardScenario, changePhone, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('idem');
  await s.startWorker();
});
afterAll(async () => s.close());

test('same request twice → one effect, two identical replies', async () => {
  const card = newCardNumber();
  await s.send(register('dup-1', card));
  await s.send(register('dup-1', card));
  await s.replies.waitFor((rs) => rs.filter((r) => r.value.requestId === 'dup-1').length >= 2);
  const [a, b] = s.repliesFor('dup-1');
  expect(a).toEqual(b);
  expect(a).toMatchObject({ status: 200, messageCode: 'Success' });
  expect(await s.db.collection('cards').countDocuments({ _id: card as never })).toBe(1);
  const doc = await s.db.collection('cards').findOne({ _id: card as never });
  expect(doc?.revision).toBe(1);
});

test('same requestId, other content → 409 DuplicateRequestId, no effect', async () => {
  const card = newCardNumber();
  await s.send(register('dup-2-reg', card));
  await s.reply('dup-2-reg');
  await s.send(changePhone('dup-2', card, '+48601000001'));
  expect(await s.reply('dup-2')).toMatchObject({ messageCode: 'Success', status: 204 });
  await s.send(changePhone('dup-2', card, '+48601000002'));
  await s.replies.waitFor((rs) => rs.filter((r) => r.value.requestId === 'dup-2').length >= 2);
  expect(s.repliesFor('dup-2')[1]).toMatchObject({ status: 409, messageCode: 'DuplicateRequestId' });
  expect(await s.phoneOf(card)).toBe('+48601000001');
});

test('the reply copies correlation-id and adds operation and message-code headers', async () => {
  const card = newCardNumber();
  await s.send(register('hdr-1', card));
  await s.reply('hdr-1');
  const r = s.replies.received.find((x) => x.value.requestId === 'hdr-1');
  expect(r?.headers).toMatchObject({ 'correlation-id': 'hdr-1', operation: 'RegisterCard', 'message-code': 'Success' });
  expect(r?.key).toBe(card);
});
