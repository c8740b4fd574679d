// The dead-letter rule: T's dead letters go to `T.dlq`, and `T.dlq` holds only T's.
import { DEFAULT_TOPIC, dlqOrigin, dlqTopicOf, isDlqTopic, TOPICS } from '../src';

test('a topic and its dead-letter topic name each other', () => {
  expect(dlqTopicOf(DEFAULT_TOPIC.CARD_REQUEST_TOPIC)).toBe('alcs.card.requests.dlq');
  expect(dlqOrigin('alcs.card.requests.dlq')).toBe('alcs.card.requests');
  expect(dlqOrigin(dlqTopicOf('t1-abc.crm.contact.events'))).toBe('t1-abc.crm.contact.events');
});

test.each(['alcs.card.requests', '.dlq', 'x.dlqs', 'dlq'])('%s is no dead-letter topic', (t) => {
  expect(dlqOrigin(t)).toBeUndefined();
  expect(isDlqTopic(t)).toBe(false);
});

test("the declared dead-letter topics follow the rule, each its consumed topic's", () => {
  for (const t of TOPICS.filter((x) => x.role === 'dlq')) {
    const origin = TOPICS.find((x) => x.name === dlqOrigin(t.name));
    expect({ dlq: t.name, consumed: (origin?.consumers.length ?? 0) > 0 }).toEqual({ dlq: t.name, consumed: true });
  }
  expect(TOPICS.filter((x) => isDlqTopic(x.name)).every((x) => x.role === 'dlq')).toBe(true);
});
