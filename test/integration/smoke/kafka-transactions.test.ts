// Guarantee: the local Kafka is a real broker — the admin API creates a 3-partition
// topic, a transactional producer commits one batch and aborts another, and a
// read_committed consumer sees only the committed messages.
import { createTopicsReady } from '@workers/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { stackEnv, uniqueName } from '../../support/stack-env';

test('transactions: committed batch visible, aborted batch invisible to read_committed', async () => {
  const kafka = new Kafka({ clientId: 'smoke', brokers: stackEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
  const topic = uniqueName('smoke.tx');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsReady(admin, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);

    const producer = kafka.producer({
      transactionalId: uniqueName('smoke-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({
      topic,
      messages: [0, 1, 2].map((i) => ({ key: `k${i}`, value: `committed-${i}`, partition: i })),
    });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({
      topic,
      messages: [0, 1, 2].map((i) => ({ key: `k${i}`, value: `aborted-${i}`, partition: i })),
    });
    await aborted.abort();
    // A marker after the abort proves the consumer read past the aborted records.
    const last = await producer.transaction();
    await last.send({ topic, messages: [{ key: 'end', value: 'end', partition: 0 }] });
    await last.commit();
    await producer.disconnect();

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('smoke-g'), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value?.toString() ?? '');
          if (seen.length >= 4 && seen.includes('end')) resolve();
        },
      });
    });
    await done;
    await new Promise((r) => setTimeout(r, 500));
    await consumer.disconnect();
    expect(seen.sort()).toEqual(['committed-0', 'committed-1', 'committed-2', 'end']);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});
