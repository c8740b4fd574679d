// Guarantee: a transactional producer made by the runtime's Kafka client finds its
// coordinators once, not before every transactional request: once warm, 20
// transactions, each with messages and the group's offset, make at most 2
// FindCoordinator requests (kafkajs alone makes 4 per transaction), and every one of
// them commits.
import { createTopicsReady, kafkaClient } from '@workers/runtime';
import { stackEnv, uniqueName } from '../../support/stack-env';

test('20 transactions with offsets: every one commits, with at most 2 coordinator look-ups in all', async () => {
  const kafka = kafkaClient(
    { KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','), KAFKA_SSL: false },
    'coordinator-cache',
  );
  const topic = uniqueName('smoke.coord');
  const group = uniqueName('smoke-coord-g');
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({
    transactionalId: uniqueName('smoke-coord-tx'),
    idempotent: true,
    maxInFlightRequests: 1,
  });
  const apis: string[] = [];
  producer.on(producer.events.REQUEST, (e) => apis.push(e.payload.apiName));
  try {
    await createTopicsReady(admin, [{ topic, numPartitions: 2, replicationFactor: 1 }]);
    await producer.connect();
    const transaction = async (i: number): Promise<void> => {
      const tx = await producer.transaction();
      await tx.send({ topic, messages: [{ key: `k${i}`, value: `v${i}`, partition: i % 2 }] });
      await tx.sendOffsets({
        consumerGroupId: group,
        topics: [{ topic, partitions: [{ partition: 0, offset: String(i + 1) }] }],
      });
      await tx.commit();
    };
    // On a fresh broker the first transactions meet coordinators still loading their
    // logs (COORDINATOR_NOT_AVAILABLE, which rightly makes the client look again).
    for (let i = 0; i < 3; i++) await transaction(i);
    apis.length = 0;
    for (let i = 3; i < 23; i++) await transaction(i);
    expect(apis.filter((a) => a === 'EndTxn')).toHaveLength(20);
    expect(apis.filter((a) => a === 'GroupCoordinator').length).toBeLessThanOrEqual(2);
    // EndTxn returns before the broker writes the commit markers, and kafkajs reads
    // offsets without require_stable: for a moment the group may still show 22.
    const committed = async (): Promise<string | undefined> =>
      (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions.find((p) => p.partition === 0)
        ?.offset;
    const until = Date.now() + 10_000;
    let offset = await committed();
    while (offset !== '23' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      offset = await committed();
    }
    expect(offset).toBe('23');
    const end = await admin.fetchTopicOffsets(topic);
    expect(end.map((p) => Number(p.high)).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(23);
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.disconnect();
  }
});
