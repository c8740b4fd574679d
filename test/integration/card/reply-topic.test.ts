// Guarantee: a `reply-topic` header may name only a reply topic configured for the
// route: such a header is honoured; any other name (an existing topic of another
// system, an internal topic, one that does not exist) is answered MalformedRequest
// on the route's own reply topic, and nothing is written to the named topic.
import { CardClient } from '@workers/client';
import { Collector, clientStack, createTopics } from '../../support/kafka-client';
import { uniqueName } from '../../support/stack-env';
import { CardScenario, type CardReply, newCardNumber, register, request } from '../../support/card-fixture';

let s: CardScenario;
let own: string;
let foreign: string;
beforeAll(async () => {
  s = await CardScenario.open('rt', 1);
  own = uniqueName('alcs.card.pos17.replies');
  foreign = uniqueName('crm.contact.replies');
  await createTopics([own, foreign], 1);
  await s.startWorker({ CARD_EXTRA_REPLY_TOPICS: own });
});
afterAll(async () => s.close());

test('a configured reply topic is honoured; any other is refused with MalformedRequest on the default topic', async () => {
  const mine = await Collector.open<CardReply>(own);
  const theirs = await Collector.open<CardReply>(foreign, { decode: false });
  try {
    // The configured one, as a client of the POS reading its own reply topic sends it.
    const pos = await CardClient.connect({
      ...clientStack(),
      topics: { requests: s.topics.requests, replies: s.topics.replies },
      replyTopic: own,
      allowedReplyTopics: [own],
      attempts: 1,
    });
    const honoured = await pos
      .startEnvelope(request(register('rt-1', newCardNumber())))
      .answer.finally(() => pos.close());
    expect(honoured.code).toBe('Success');
    // The others, forged: the client refuses to name a reply topic the route does not configure.
    await s.sendForged(register('rt-2', newCardNumber()), { 'reply-topic': foreign });
    await s.sendForged(register('rt-3', newCardNumber()), { 'reply-topic': '__consumer_offsets' });
    await s.sendForged(register('rt-4', newCardNumber()), { 'reply-topic': uniqueName('does.not.exist') });
    await mine.waitFor((rs) => rs.some((r) => r.value.requestId === 'rt-1'));
    for (const id of ['rt-2', 'rt-3', 'rt-4']) {
      expect(await s.reply(id)).toMatchObject({
        status: 400,
        messageCode: 'MalformedRequest',
        details: [{ field: 'reply-topic' }],
      });
    }
    expect(s.repliesFor('rt-1')).toHaveLength(0);
    expect(mine.received.map((r) => r.value.requestId)).toEqual(['rt-1']);
    expect(theirs.received).toHaveLength(0);
  } finally {
    await mine.close();
    await theirs.close();
  }
});
