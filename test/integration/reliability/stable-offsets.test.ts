// Guarantee: the committed offset a worker reads when it takes a partition over includes a
// transaction that is still being completed. Asked while a transaction carrying the group's
// offset is open, the runtime's read (OffsetFetch v7, require_stable) waits for it and answers
// the offset it commits, or the one before when it aborts; kafkajs's own read (v4), asked at
// the same moment, answers the offset before at once, which made a new owner answer again
// what its predecessor had answered (docs/reliability.md, the take-over residual).
import { StableOffsets } from '@workers/runtime';
import type { Kafka, Producer } from 'kafkajs';
import { createTopics, kafkaClient } from '../../support/kafka-client';
import { uniqueName } from '../../support/stack-env';

let kafka: Kafka;
let producer: Producer;
let topic: string;
let group: string;
let stable: StableOffsets;

beforeAll(async () => {
  kafka = kafkaClient();
  topic = uniqueName('stable-offsets');
  group = uniqueName('stable-offsets-group');
  await createTopics([topic], 1);
  // Right after a commit the broker answers the next transaction's first request with
  // CONCURRENT_TRANSACTIONS until its markers are written: retried fast, as the workers do.
  producer = kafka.producer({
    transactionalId: uniqueName('stable-offsets-tx'),
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 12, initialRetryTime: 3, maxRetryTime: 1_000 },
  });
  await producer.connect();
  stable = new StableOffsets(kafka, group);
});
afterAll(async () => {
  await producer.disconnect();
  await stable.close();
});

/**
 * A transaction holding only the group's offset of partition 0, left open. kafkajs does not
 * retry AddOffsetsToTxn, which right after a commit is answered CONCURRENT_TRANSACTIONS
 * until that commit's markers are written.
 */
async function pendingOffset(offset: string) {
  const tx = await producer.transaction();
  for (let attempt = 0; ; attempt++) {
    try {
      await tx.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset }] }] });
      return tx;
    } catch (err) {
      if ((err as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function kafkajsRead(): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return t?.partitions.find((p) => p.partition === 0)?.offset;
  } finally {
    await admin.disconnect();
  }
}

/** The stable read started now, and whether it has answered yet. */
function readStable() {
  const read = { answered: false, value: stable.committed(topic, 0) };
  void read.value.then(() => {
    read.answered = true;
  });
  return read;
}

test('no offset committed: -1, at once', async () => {
  await expect(stable.committed(topic, 0)).resolves.toBe(-1n);
});

test('an open transaction is waited for: its commit is answered, where kafkajs answers the offset before', async () => {
  await (await pendingOffset('5')).commit();
  await expect(stable.committed(topic, 0)).resolves.toBe(5n);

  const tx = await pendingOffset('9');
  expect(await kafkajsRead()).toBe('5');
  const read = readStable();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(read.answered).toBe(false);
  await tx.commit();
  await expect(read.value).resolves.toBe(9n);
});

test('an open transaction that aborts: the offset before it, once it is settled', async () => {
  const tx = await pendingOffset('12');
  const read = readStable();
  await new Promise((r) => setTimeout(r, 1_000));
  expect(read.answered).toBe(false);
  await tx.abort();
  await expect(read.value).resolves.toBe(9n);
});
