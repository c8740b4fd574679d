// Guarantee: a `reply-topic` header sends the reply to that topic (if it exists);
// an unknown one falls back to the domain's reply topic, so no reply is lost.
import { Collector, createTopics } from '../../support/kafka-client';
import { uniqueName } from '../../support/stack-env';
import { CardScenario, type CardReply, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('rt', 1);
  await s.startWorker();
});
afterAll(async () => s.close());

test('reply-topic header honoured; unknown reply topic falls back to the default', async () => {
  const own = uniqueName('alcs.card.my-replies');
  await createTopics([own], 1);
  const mine = await Collector.open<CardReply>(own);
  try {
    await s.send(register('rt-1', newCardNumber()), { 'reply-topic': own });
    await s.send(register('rt-2', newCardNumber()), { 'reply-topic': uniqueName('does.not.exist') });
    await mine.waitFor((rs) => rs.some((r) => r.value.requestId === 'rt-1'));
    expect(await s.reply('rt-2')).toMatchObject({ messageCode: 'Success' });
    expect(s.repliesFor('rt-1')).toHaveLength(0);
    expect(mine.received.map((r) => r.value.requestId)).toEqual(['rt-1']);
  } finally {
    await mine.close();
  }
});
