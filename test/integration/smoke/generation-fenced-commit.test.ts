// Guarantee: with one transaction per process (KAFKA_TRANSACTIONS=process), a transaction's offsets
// claim the consumer group's generation and member id, and the broker checks the claim: while the
// member holds that generation its commit and reply land; once the group has moved to a newer
// generation the same claim is refused, and neither that transaction's reply nor its offset is ever
// visible. (The zombie scenarios stop a zombie in the worker before it commits; this is the broker's
// own refusal, with nothing in the way.)
import '@workers/runtime/produce-fix';
import { generationOf, PartitionLostError, PollCommits, recordGroupGenerations, StableOffsets } from '@workers/runtime';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { createTopics } from '../../support/kafka-client';
import { eventually } from '../../support/mail-fixture';
import { stackEnv, uniqueName } from '../../support/stack-env';

const consumers: Consumer[] = [];
afterAll(async () => {
  for (const c of consumers) await c.disconnect().catch(() => undefined);
});

test('a commit claiming a generation the group has left is refused, its reply never visible', async () => {
  recordGroupGenerations();
  const [input, replies, group] = [uniqueName('gen.in'), uniqueName('gen.replies'), uniqueName('gen-group')];
  await createTopics([input, replies], 1);
  const kafka = new Kafka({ clientId: 'gen', brokers: stackEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
  // Offsets within the log: kafkajs resets (and commits) an offset past its end.
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: input, messages: Array.from({ length: 12 }, (_, i) => ({ value: `m${i}` })) });
  await producer.disconnect();
  const join = async (): Promise<() => string | undefined> => {
    const c = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 500 });
    consumers.push(c);
    let member: string | undefined;
    c.on(c.events.GROUP_JOIN, (e) => {
      member = e.payload.memberId;
    });
    await c.connect();
    await c.subscribe({ topic: input, fromBeginning: true });
    await c.run({ autoCommit: false, eachMessage: async () => undefined });
    await eventually('the consumer in the group', async () => member);
    return () => member;
  };
  const memberOf = await join();
  const first = { generationId: generationOf(memberOf()!)!, memberId: memberOf()! };
  expect(first.generationId).toBeGreaterThan(0);

  const offsets = new StableOffsets(kafka, group);
  const commits = new PollCommits(kafka, group, uniqueName('gen-tx'), (t, p) => offsets.committed(t, p));
  const chunk = (value: string, lastOffset: string) => ({
    topic: input,
    partition: 0,
    out: [{ topic: replies, key: 'k', value: Buffer.from(value), headers: {} }],
    lastOffset,
    meta: first,
    owned: () => true,
  });
  try {
    await commits.commit(chunk('current', '4'));
    expect(await offsets.committed(input, 0)).toBe(5n);

    // A second member makes the group rebalance: the first rejoins in a newer generation.
    await join();
    await eventually('a newer generation', async () => (generationOf(memberOf()!) ?? 0) > first.generationId);
    await expect(commits.commit(chunk('stale', '9'))).rejects.toBeInstanceOf(PartitionLostError);
    expect(await offsets.committed(input, 0)).toBe(5n);

    const seen: string[] = [];
    const reader = kafka.consumer({ groupId: uniqueName('gen-reader'), readUncommitted: false });
    consumers.push(reader);
    await reader.connect();
    await reader.subscribe({ topic: replies, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await eventually('the committed reply', async () => seen.includes('current'));
    await new Promise((r) => setTimeout(r, 2_000)); // room for a stale reply, were it visible
    expect(seen).toEqual(['current']);
  } finally {
    await commits.close();
    await offsets.close();
  }
});
