// The console's index of the topics holds no clear personal data (values decoded and
// masked, keys and header texts masked by shape, look-ups keyed by an HMAC) yet still
// finds a message by the card number it is keyed by; and it forgets the oldest
// messages past its byte bound.
import type { Kafka } from 'kafkajs';
import type { ValueCodec } from '@workers/ops';
import { MASK } from '../src/domain/mask';
import { TopicIndex } from '../src/kafka/topic-index';
import type { ConsoleLogger } from '../src/logger';

const CARD = '4000000000000002';
const PHONE = '+48600100200';

interface Fed {
  key: string;
  value: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A Kafka with one topic of one partition holding `messages`, and a codec whose bytes are JSON. */
function fakeKafka(messages: Fed[]): Kafka {
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['t'],
    fetchTopicOffsets: async () => [{ partition: 0, high: String(messages.length), low: '0' }],
  };
  const consumer = {
    events: { END_BATCH_PROCESS: 'end', CRASH: 'crash' },
    on: () => undefined,
    connect: async () => undefined,
    subscribe: async () => undefined,
    disconnect: async () => undefined,
    run: async (o: { eachMessage: (p: unknown) => Promise<void> }) => {
      for (const [i, m] of messages.entries())
        await o.eachMessage({
          topic: 't',
          partition: 0,
          message: {
            offset: String(i),
            timestamp: String(1_000 + i),
            key: Buffer.from(m.key),
            value: Buffer.from(JSON.stringify(m.value)),
            headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.from(v)])),
          },
        });
    },
  };
  return { admin: () => admin, consumer: () => consumer } as unknown as Kafka;
}
const codec = {
  decodeJson: async (b: Buffer) => ({ value: JSON.parse(b.toString()) as unknown }),
} as unknown as ValueCodec;
const logger = { info: () => undefined, error: () => undefined } as unknown as ConsoleLogger;

test('masked values, keys and headers; found by the clear card number all the same', async () => {
  const index = new TopicIndex(
    fakeKafka([
      {
        key: CARD,
        value: {
          requestId: 'r-1',
          operation: { RegisterCard: { cardNumber: CARD, phoneNumber: PHONE, note: 'a@b.jp' } },
        },
        headers: { 'correlation-id': 'c-1', 'dlq-error': `card ${CARD} refused` },
      },
    ]),
    codec,
    { messages: 1000, bytes: 1024 * 1024 },
    logger,
  );
  await index.start(['t']);
  const [e] = index.lookup(CARD);
  expect(e).toMatchObject({ id: 't:0:0', key: MASK, valueId: 'r-1', headers: { 'dlq-error': `card ${MASK} refused` } });
  expect(index.lookup('r-1')).toEqual([e]);
  expect(index.lookup('c-1')).toEqual([e]);
  expect(index.sameKey('t:0:0')).toEqual([e]);
  expect(index.decode(e as NonNullable<typeof e>)).toEqual({
    value: { requestId: 'r-1', operation: { RegisterCard: { cardNumber: MASK, phoneNumber: MASK, note: MASK } } },
  });
  // Nothing the index keeps, its look-up maps included, holds a clear value.
  const held = JSON.stringify(
    Object.entries(index).map(([k, v]) => [k, v instanceof Map ? [...v] : v]),
    (_k, v) => (v instanceof Set ? [...v] : v),
  );
  for (const clear of [CARD, PHONE, 'a@b.jp']) expect(held).not.toContain(clear);
  await index.stop();
});

test('bounded by bytes: the oldest messages are forgotten first', async () => {
  const big = 'x'.repeat(100_000);
  const fed = Array.from({ length: 30 }, (_, i) => ({ key: `K-${i}`, value: { requestId: `r-${i}`, text: big } }));
  const index = new TopicIndex(fakeKafka(fed), codec, { messages: 1000, bytes: 1024 * 1024 }, logger);
  await index.start(['t']);
  const s = index.status();
  expect(s.bytes).toBeLessThanOrEqual(1024 * 1024);
  expect(s.messages).toBeLessThan(30);
  expect(s.messages).toBeGreaterThan(0);
  expect(index.lookup('r-0')).toEqual([]);
  expect(index.lookup('r-29')).toHaveLength(1);
  expect(s.forgottenBefore).toBe(1_000 + 29 - s.messages);
});
