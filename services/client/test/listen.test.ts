// The reply consumer starts at the end offsets read when the client opened, at every join of its
// group. kafkajs refuses a seek while it restarts a consumer that crashed during its first join (a
// coordinator that moved): opening a client must not fail on that refusal (it did, once, in
// `npm test`), and the seek made at the join that follows still applies.
import { type Kafka, KafkaJSNonRetriableError } from 'kafkajs';
import { KafkaClientTransport } from '../src';

function fakeKafka(seekRefusedOnce: boolean) {
  const seeks: string[] = [];
  let onJoin: (() => void) | undefined;
  let refuse = seekRefusedOnce;
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join' },
    on: (_e: string, f: () => void) => {
      onJoin = f;
    },
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async () => {
      // run() has returned while the consumer restarts: the seek right after it is refused (when
      // `seekRefusedOnce`); the restart's join comes a moment later.
      setImmediate(() => {
        refuse = false;
        onJoin?.();
      });
    },
    seek: ({ partition, offset }: { partition: number; offset: string }) => {
      if (refuse)
        throw new KafkaJSNonRetriableError('Consumer group was not initialized, consumer#run must be called first');
      seeks.push(`${partition}@${offset}`);
    },
    disconnect: async () => undefined,
  };
  const kafka = {
    producer: () => ({ connect: async () => undefined, disconnect: async () => undefined }),
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicOffsets: async () => [
        { partition: 0, high: '7', low: '0' },
        { partition: 1, high: '3', low: '0' },
      ],
    }),
    consumer: () => consumer,
  } as unknown as Kafka;
  return { kafka, seeks };
}

test('a seek refused while kafkajs restarts its consumer does not fail the open; the end offsets still apply', async () => {
  const { kafka, seeks } = fakeKafka(true);
  const t = new KafkaClientTransport(kafka, 'g');
  await expect(t.listen('replies', () => undefined)).resolves.toBeUndefined();
  expect(seeks).toEqual(['0@7', '1@3']);
});

test('every join seeks to the end offsets read at the open', async () => {
  const { kafka, seeks } = fakeKafka(false);
  await new KafkaClientTransport(kafka, 'g').listen('replies', () => undefined);
  expect(seeks).toEqual(['0@7', '1@3', '0@7', '1@3']);
});
