// The commits of a process's partitions go out together: the chunks that ask while a
// transaction is under way share the next one; chunks of different group generations never
// share one; a refusal of the group's claim fails every chunk in it as a lost partition; any
// other failure is tried again one chunk per transaction on a fresh producer, so that one
// partition's bad chunk fails alone; a transaction whose outcome is unknown is settled by
// the committed offset, not sent again.
import '../src/produce-fix';
import type { Kafka } from 'kafkajs';
import { PollCommits } from '../src/kafka/poll-commits';
import { PartitionLostError } from '../src/transport';

interface Tx {
  partitions: number[];
  sent: number;
}

function fakeKafka(o: { commitMs?: number; fail?: (tx: Tx) => Error | undefined } = {}) {
  const committed: Tx[] = [];
  let made = 0;
  const kafka = {
    producer: () => {
      made++;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        transaction: async () => {
          const tx: Tx = { partitions: [], sent: 0 };
          return {
            sendBatch: async (q: { topicMessages: { messages: unknown[] }[] }) => {
              tx.sent = q.topicMessages.reduce((n, t) => n + t.messages.length, 0);
            },
            sendOffsets: async (q: { topics: { partitions: { partition: number }[] }[] }) => {
              tx.partitions = q.topics.flatMap((t) => t.partitions.map((p) => p.partition));
              const err = o.fail?.(tx);
              if (err) throw err;
            },
            commit: async () => {
              await new Promise((r) => setTimeout(r, o.commitMs ?? 0));
              committed.push(tx);
            },
            abort: async () => undefined,
          };
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, committed, made: () => made };
}

const reply = { topic: 'r', key: 'k', value: Buffer.from('v'), headers: {} };
const chunk = (partition: number, generationId = 1, lastOffset = '5') => ({
  topic: 't',
  partition,
  out: [reply],
  lastOffset,
  meta: { generationId, memberId: 'm' },
  owned: () => true,
});

test('the chunks that ask during a transaction share the next one', async () => {
  const { kafka, committed } = fakeKafka({ commitMs: 20 });
  const commits = new PollCommits(kafka, 'g', 'tx', async () => 0n);
  const first = commits.commit(chunk(0));
  await new Promise((r) => setTimeout(r, 5));
  await Promise.all([first, commits.commit(chunk(1)), commits.commit(chunk(2)), commits.commit(chunk(3))]);
  expect(committed.map((t) => t.partitions)).toEqual([[0], [1, 2, 3]]);
  expect(committed[1]!.sent).toBe(3);
  expect(commits.transactionalIds).toEqual([expect.stringMatching(/^tx\.poll\.[0-9a-f-]{36}\.0$/)]);
});

test('chunks of different generations go in different transactions', async () => {
  const { kafka, committed } = fakeKafka({ commitMs: 20 });
  const commits = new PollCommits(kafka, 'g', 'tx', async () => 0n);
  const first = commits.commit(chunk(0, 1));
  await new Promise((r) => setTimeout(r, 5));
  await Promise.all([first, commits.commit(chunk(1, 1)), commits.commit(chunk(2, 2)), commits.commit(chunk(3, 1))]);
  expect(committed.map((t) => t.partitions)).toEqual([[0], [1, 3], [2]]);
});

test('a claim the group refuses fails every chunk of the transaction as a lost partition', async () => {
  const illegal = Object.assign(new Error('generation'), { type: 'ILLEGAL_GENERATION' });
  const { kafka, committed } = fakeKafka({ fail: () => illegal });
  const commits = new PollCommits(kafka, 'g', 'tx', async () => 0n);
  const results = await Promise.allSettled([commits.commit(chunk(0)), commits.commit(chunk(1))]);
  for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: expect.any(PartitionLostError) });
  expect(committed).toEqual([]);
});

test('any other failure tries each chunk in a transaction of its own, on a fresh producer', async () => {
  const tooLarge = Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
  const { kafka, committed, made } = fakeKafka({
    commitMs: 5,
    fail: (tx) => (tx.partitions.includes(1) ? tooLarge : undefined),
  });
  const commits = new PollCommits(kafka, 'g', 'tx', async () => 0n);
  const first = commits.commit(chunk(9));
  await new Promise((r) => setTimeout(r, 1));
  const results = await Promise.allSettled([
    first,
    commits.commit(chunk(0)),
    commits.commit(chunk(1)),
    commits.commit(chunk(2)),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  expect(committed.map((t) => t.partitions)).toEqual([[9], [0], [2]]);
  expect(made()).toBeGreaterThanOrEqual(2);
});

test('a chunk whose transaction has an unknown outcome is settled by the committed offset, not sent again', async () => {
  let failures = 1;
  const timeout = Object.assign(new Error('request timed out'), {
    name: 'KafkaJSRequestTimeoutError',
    retriable: true,
  });
  const { kafka, committed } = fakeKafka({ fail: () => (failures-- > 0 ? timeout : undefined) });
  // The EndTxn that timed out went through: the offset is past the chunk.
  const commits = new PollCommits(kafka, 'g', 'tx', async () => 6n);
  await expect(commits.commit(chunk(0))).rejects.toThrow('request timed out');
  await expect(commits.commit(chunk(0))).resolves.toEqual({ produceMs: 0 });
  expect(committed).toEqual([]);
  // Settled once: the next chunk of the partition goes out as usual.
  await commits.commit(chunk(0, 1, '9'));
  expect(committed.map((t) => t.partitions)).toEqual([[0]]);
});

test('with two lines each partition keeps to one, and the lines commit side by side', async () => {
  const { kafka, committed, made } = fakeKafka({ commitMs: 20 });
  const commits = new PollCommits(kafka, 'g', 'tx', async () => 0n, 2);
  const started = performance.now();
  await Promise.all([0, 1, 2, 3].map((p) => commits.commit(chunk(p))));
  await Promise.all([0, 1, 2, 3].map((p) => commits.commit(chunk(p, 1, '8'))));
  expect(made()).toBe(2);
  const byLine = committed.map((t) => t.partitions.map((p) => p % 2));
  for (const line of byLine) expect(new Set(line).size).toBe(1);
  expect(committed.flatMap((t) => t.partitions).sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  // Two rounds of two transactions side by side, each about 20 ms.
  expect(performance.now() - started).toBeLessThan(150);
  expect(new Set(commits.transactionalIds).size).toBe(2);
});
