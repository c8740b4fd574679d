// A commit retried across a rebalance must not make a producer of the generation that is
// over: initialising it would fence the current owner's producer, and the committed offset
// it reads may have been moved by the current owner (the 20,000-request production-shaped
// run of 2026-12-07 lost 3 replies that way: the retry read the offset the next generation
// had committed and took it for its own commit). Also: with no committed offset, the group
// resumes from the partition's first offset.
import type { Kafka } from 'kafkajs';
import { PartitionProducers, type GroupOffsets } from '../src/kafka/partition-producers';
import { PartitionLostError } from '../src/transport';

function fakeKafka(committed: string, low = '0') {
  const made: string[] = [];
  const kafka = {
    producer: (o: { transactionalId: string }) => {
      made.push(o.transactionalId);
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        transaction: async () => ({ abort: async () => undefined }),
      };
    },
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicOffsets: async () => [{ partition: 0, low, high: '99', offset: '99' }],
    }),
  } as unknown as Kafka;
  const offsets: GroupOffsets = { committed: async () => BigInt(committed), close: async () => undefined };
  return { kafka, made, offsets };
}

test('a producer asked for by an older generation is refused, and none is made', async () => {
  const { kafka, made, offsets } = fakeKafka('5');
  const producers = new PartitionProducers(kafka, 'g', 'tx', offsets);
  await producers.acquire('t', 0, 2);
  await expect(producers.acquire('t', 0, 1)).rejects.toBeInstanceOf(PartitionLostError);
  expect(made).toEqual(['tx.t.0']);
});

test('a renewal by an older generation is refused and keeps the current producer', async () => {
  const { kafka, made, offsets } = fakeKafka('5');
  const producers = new PartitionProducers(kafka, 'g', 'tx', offsets);
  const old = (await producers.acquire('t', 0, 1)).producer;
  const current = await producers.acquire('t', 0, 2);
  expect(current.committed).toBe(5n);
  await expect(producers.renew('t', 0, 1, old!)).rejects.toBeInstanceOf(PartitionLostError);
  expect((await producers.acquire('t', 0, 2)).producer).toBe(current.producer);
  expect(made).toHaveLength(2);
});

test('with no committed offset the group resumes from the partition first offset', async () => {
  const { kafka, offsets } = fakeKafka('-1', '42');
  const producers = new PartitionProducers(kafka, 'g', 'tx', offsets);
  expect((await producers.acquire('t', 0, 1)).committed).toBe(42n);
});

test('without fencing (one transaction per process) a take-over makes no producer and reads the offset once per generation', async () => {
  const { kafka, made, offsets } = fakeKafka('7');
  const producers = new PartitionProducers(kafka, 'g', 'tx', offsets, false);
  const first = await producers.acquire('t', 0, 1);
  expect(first).toEqual({ committed: 7n });
  expect((await producers.acquire('t', 0, 1)).committed).toBeNull();
  expect((await producers.acquire('t', 0, 2)).committed).toBe(7n);
  await expect(producers.acquire('t', 0, 1)).rejects.toBeInstanceOf(PartitionLostError);
  expect(made).toEqual([]);
});

test("without fencing a take-over reads the offset only after this process's own commits under way settled", async () => {
  const { kafka, offsets } = fakeKafka('7');
  const producers = new PartitionProducers(kafka, 'g', 'tx', offsets, false);
  const order: string[] = [];
  const read = offsets.committed.bind(offsets);
  offsets.committed = async (t: string, p: number) => {
    order.push('read');
    return read(t, p);
  };
  const settled = async (): Promise<void> => {
    await new Promise((r) => setTimeout(r, 10));
    order.push('settled');
  };
  await producers.acquire('t', 0, 1, settled);
  await producers.acquire('t', 0, 1, settled);
  expect(order).toEqual(['settled', 'read']);
});
