// The console's index of the topics holds no clear personal data (values decoded and
// masked, keys and header texts masked by shape, look-ups keyed by an HMAC) yet still
// finds a message by the card number it is keyed by; it forgets the oldest messages past
// its byte bound; and it reads only on demand: nothing before a page asks, paused after
// the idle time, resumed where it stopped, saying how far it has caught up meanwhile.
import type { Kafka } from 'kafkajs';
import type { ValueCodec } from '@workers/ops';
import { MASK } from '../src/domain/mask';
import { TopicIndex } from '../src/kafka/topic-index';
import type { ConsoleLogger } from '../src/logger';
import { indexNote } from '../src/views/index-note';

const CARD = '4000000000000002';
const PHONE = '+48600100200';

interface Fed {
  key: string;
  value: Record<string, unknown>;
  headers?: Record<string, string>;
}

interface FakeKafka {
  kafka: Kafka;
  /** What the index asked of Kafka, in order. */
  calls: string[];
  /** Appends messages to the topic (delivered at once when the consumer runs and is not paused). */
  write(more: Fed[]): Promise<void>;
  /** While true, the consumer hands nothing over (a slow fetch); `flush()` hands over what waits. */
  stalled: boolean;
  flush(): Promise<void>;
}

/**
 * A Kafka with one topic of one partition holding `messages`, and a codec whose bytes are
 * JSON. Its consumer hands every message not yet handed over as one batch, at run, on
 * resume and on write, unless paused.
 */
function fakeKafka(messages: Fed[]): FakeKafka {
  const calls: string[] = [];
  const held = [...messages];
  let delivered = 0;
  let paused = false;
  let eachBatch: ((p: unknown) => Promise<void>) | undefined;
  const fake = { stalled: false } as FakeKafka;
  const deliver = async (): Promise<void> => {
    if (fake.stalled || paused || !eachBatch || delivered === held.length) return;
    const from = delivered;
    delivered = held.length;
    await eachBatch({
      batch: {
        topic: 't',
        partition: 0,
        messages: held.slice(from).map((m, i) => ({
          offset: String(from + i),
          timestamp: String(1_000 + from + i),
          key: Buffer.from(m.key),
          value: Buffer.from(JSON.stringify(m.value)),
          headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.from(v)])),
        })),
        lastOffset: () => String(held.length - 1),
      },
      resolveOffset: () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    });
  };
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['t'],
    fetchTopicOffsets: async () => {
      calls.push('offsets');
      return [{ partition: 0, high: String(held.length), low: '0' }];
    },
  };
  const consumer = {
    events: { END_BATCH_PROCESS: 'end', CRASH: 'crash' },
    on: () => undefined,
    connect: async () => undefined,
    subscribe: async () => undefined,
    disconnect: async () => undefined,
    pause: () => {
      calls.push('pause');
      paused = true;
    },
    resume: () => {
      calls.push('resume');
      paused = false;
      void deliver();
    },
    run: async (o: { eachBatch: (p: unknown) => Promise<void> }) => {
      calls.push('run');
      eachBatch = o.eachBatch;
      await deliver();
    },
  };
  return Object.assign(fake, {
    kafka: { admin: () => admin, consumer: () => consumer } as unknown as Kafka,
    calls,
    write: async (more: Fed[]) => {
      held.push(...more);
      await deliver();
    },
    flush: async () => {
      fake.stalled = false;
      await deliver();
    },
  });
}
const codec = {
  decodeJson: async (b: Buffer) => ({ value: JSON.parse(b.toString()) as unknown }),
} as unknown as ValueCodec;
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as ConsoleLogger;
const options = (bytes: number) => ({ topics: ['t'], messages: 1000, bytes, idleMs: 60_000 });

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
    ]).kafka,
    codec,
    options(1024 * 1024),
    logger,
  );
  await index.wake();
  const [e] = index.lookup(CARD);
  expect(e).toMatchObject({ id: 't:0:0', key: MASK, valueId: 'r-1', headers: { 'dlq-error': `card ${MASK} refused` } });
  expect(index.lookup('r-1')).toEqual([e]);
  expect(index.lookup('c-1')).toEqual([e]);
  expect(index.sameKey('t:0:0')).toEqual([e]);
  expect(index.decode(e as NonNullable<typeof e>)).toEqual({
    value: { requestId: 'r-1', operation: { RegisterCard: { cardNumber: MASK, phoneNumber: MASK, note: MASK } } },
  });
  // Nothing the index keeps, its look-up maps included, holds a clear value (`demand` is its idle timer: no data).
  const held = JSON.stringify(
    Object.entries(index)
      .filter(([k]) => k !== 'demand')
      .map(([k, v]) => [k, v instanceof Map ? [...v] : v]),
    (_k, v) => (v instanceof Set ? [...v] : v),
  );
  for (const clear of [CARD, PHONE, 'a@b.jp']) expect(held).not.toContain(clear);
  await index.stop();
});

test('bounded by bytes: the oldest messages are forgotten first', async () => {
  const big = 'x'.repeat(100_000);
  const fed = Array.from({ length: 30 }, (_, i) => ({ key: `K-${i}`, value: { requestId: `r-${i}`, text: big } }));
  const index = new TopicIndex(fakeKafka(fed).kafka, codec, options(1024 * 1024), logger);
  await index.wake();
  const s = index.status();
  expect(s.bytes).toBeLessThanOrEqual(1024 * 1024);
  expect(s.messages).toBeLessThan(30);
  expect(s.messages).toBeGreaterThan(0);
  expect(index.lookup('r-0')).toEqual([]);
  expect(index.lookup('r-29')).toHaveLength(1);
  expect(s.forgottenBefore).toBe(1_000 + 29 - s.messages);
});

const say = (i: number): Fed => ({ key: `K-${i}`, value: { requestId: `r-${i}` } });

describe('on demand (fake clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_000 }));
  afterEach(() => jest.useRealTimers());

  test('reads nothing before a page asks; pauses after the idle time, holding what it has; resumes where it stopped', async () => {
    const fake = fakeKafka([say(0), say(1)]);
    const index = new TopicIndex(fake.kafka, codec, options(1024 * 1024), logger);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(fake.calls).toEqual([]);
    expect(index.status()).toMatchObject({ following: false, pausedAt: null, caughtUp: false, messages: 0 });
    expect(indexNote(index.status(), true).text).toContain('Indexing… 0 % caught up');

    await index.wake();
    expect(fake.calls).toEqual(['offsets', 'run']);
    expect(index.status()).toMatchObject({ following: true, caughtUp: true, progress: 100, messages: 2 });
    expect(indexNote(index.status(), true).text).toBe('');
    await fake.write([say(2)]);
    expect(index.lookup('r-2')).toHaveLength(1);

    // A page every 30 s keeps it reading; a minute after the last one it pauses.
    await jest.advanceTimersByTimeAsync(30_000);
    await index.wake();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(fake.calls).not.toContain('pause');
    await jest.advanceTimersByTimeAsync(1);
    expect(fake.calls).toEqual(['offsets', 'run', 'pause']);
    expect(index.status()).toMatchObject({ following: false, pausedAt: Date.now(), messages: 3 });

    // Written while paused: not read, and what it held is still found.
    await fake.write([say(3), say(4)]);
    expect(index.lookup('r-3')).toEqual([]);
    expect(index.lookup('r-0')).toHaveLength(1);

    await index.wake();
    expect(fake.calls).toEqual(['offsets', 'run', 'pause', 'offsets', 'resume']);
    expect(index.lookup('r-4')).toHaveLength(1);
    expect(index.status()).toMatchObject({ following: true, pausedAt: null, caughtUp: true, messages: 5 });
    await index.stop();
  });

  test('a page asked while it catches up waits a moment, then says how far it has read', async () => {
    const fake = fakeKafka([say(0)]);
    const index = new TopicIndex(fake.kafka, codec, options(1024 * 1024), logger);
    await index.wake();
    await jest.advanceTimersByTimeAsync(60_000);
    await fake.write([1, 2, 3, 4].map(say));
    fake.stalled = true;

    let answered = false;
    const page = index.wake(1000).then(() => (answered = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(answered).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await page;
    expect(index.status()).toMatchObject({ following: true, caughtUp: false, progress: 0, messages: 1 });
    expect(indexNote(index.status(), true).text).toContain('Indexing… 0 % caught up');

    await fake.flush();
    expect(index.status()).toMatchObject({ caughtUp: true, progress: 100, messages: 5 });
    // Caught up: the next page does not wait.
    answered = false;
    await index.wake(1000).then(() => (answered = true));
    expect(answered).toBe(true);
    await index.stop();
  });
});
