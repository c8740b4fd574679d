// Guarantee: the production-shaped stack (`--brokers 3 --proxy`) is what it claims: three KRaft
// brokers reached only through Toxiproxy, topics at replication 3 / min ISR 2, writes with
// acks=all that go on while one broker is stopped (SIGTERM) or killed (SIGKILL) and a broker that
// comes back on start; and a Toxiproxy toxic on `mongodb` that slows or black-holes the database.
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createTopics } from '../../support/kafka-client';
import { controlComponent, stackEnv, uniqueName } from '../../support/stack-env';
import { addLatency, addTimeout, removeToxic, resetToxics } from '../../support/toxiproxy';

const env = stackEnv();
if (env.kafkaBrokers.length !== 3 || !env.toxiproxyUrl) {
  throw new Error('needs the stack with three brokers and Toxiproxy: STACK_FRESH=1 STACK_BROKERS=3 STACK_PROXY=1');
}
const topic = uniqueName('prod-stack');
let kafka: Kafka;

async function status(): Promise<{ name: string; running: boolean; pid?: number; nodeId?: number }[]> {
  return (await fetch(`${env.controlUrl}/status`)).json() as Promise<{ name: string; running: boolean }[]>;
}

async function liveBrokers(): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort();
  } finally {
    await admin.disconnect();
  }
}

async function waitForBrokers(n: number): Promise<void> {
  const until = Date.now() + 90_000;
  let last: unknown;
  for (;;) {
    last = await liveBrokers().catch((err: Error) => err.message);
    if (Array.isArray(last) && last.length === n) return;
    if (Date.now() > until) throw new Error(`the cluster did not reach ${n} live brokers; last seen: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Produces with acks=all (kafkajs' default) to every partition; resolves once all are written. */
async function produceAll(tag: string): Promise<void> {
  const producer = kafka.producer({ retry: { retries: 12, maxRetryTime: 5_000 } });
  await producer.connect();
  try {
    const messages = [0, 1, 2].map((partition) => ({ partition, value: `${tag}-${partition}` }));
    await producer.send({ topic, acks: -1, messages, timeout: 30_000 });
  } finally {
    await producer.disconnect();
  }
}

async function leaderOf(partition: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [t] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const p = t?.partitions.find((x) => x.partitionId === partition);
    if (!p) throw new Error(`no partition ${partition}`);
    return p.leader;
  } finally {
    await admin.disconnect();
  }
}

// A broker's restart takes 10-20 s on an idle machine, a minute or more when the machine is loaded.
jest.setTimeout(240_000);

beforeAll(async () => {
  // Patient connections: a seed broker that is down answers through its proxy by closing at once,
  // and on a loaded 2-core machine three JVMs answer slowly.
  kafka = new Kafka({
    clientId: 'production-stack',
    brokers: env.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
  });
  await createTopics([topic], 3);
});
afterAll(async () => {
  // Whatever failed, the next serial scenario gets all three brokers and no toxic.
  await resetToxics().catch(() => undefined);
  await Promise.all([1, 2, 3].map((id) => controlComponent(`kafka-${id}`, 'start').catch(() => undefined)));
  await waitForBrokers(3);
});

test('three brokers, each advertised through its own proxy', async () => {
  expect(await liveBrokers()).toEqual([1, 2, 3]);
  const admin = kafka.admin();
  await admin.connect();
  const { brokers } = await admin.describeCluster();
  await admin.disconnect();
  expect(new Set(brokers.map((b) => `${b.host}:${b.port}`))).toEqual(new Set(env.kafkaBrokers));
  const proxies = (await (await fetch(`${env.toxiproxyUrl}/proxies`)).json()) as Record<string, { listen: string }>;
  expect(Object.keys(proxies).sort()).toEqual(['kafka-1', 'kafka-2', 'kafka-3', 'mongodb', 'registry', 'smtp']);
  expect(new Set(['kafka-1', 'kafka-2', 'kafka-3'].map((n) => proxies[n]?.listen))).toEqual(new Set(env.kafkaBrokers));
});

test('a topic holds replication 3 and min ISR 2', async () => {
  const admin = kafka.admin();
  await admin.connect();
  const [t] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const configs = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
    includeSynonyms: false,
  });
  await admin.disconnect();
  expect(t?.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
  expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('2');
});

test('acks=all writes go on while the leader of a partition is stopped; it comes back on start', async () => {
  const leader = await leaderOf(0);
  await controlComponent(`kafka-${leader}`, 'stop');
  expect((await status()).find((c) => c.nodeId === leader)?.running).toBe(false);
  await waitForBrokers(2);
  await produceAll('one-stopped');
  expect(await leaderOf(0)).not.toBe(leader);
  await controlComponent(`kafka-${leader}`, 'start');
  await waitForBrokers(3);
  await produceAll('all-back');
});

test('kill takes a broker down at once; writes go on, and it starts again', async () => {
  const victim = await leaderOf(1);
  const pid = (await status()).find((c) => c.nodeId === victim)?.pid;
  expect(pid).toBeGreaterThan(0);
  const began = Date.now();
  await controlComponent(`kafka-${victim}`, 'kill');
  expect(Date.now() - began).toBeLessThan(3_000);
  expect(() => process.kill(pid!, 0)).toThrow();
  await produceAll('one-killed');
  await controlComponent(`kafka-${victim}`, 'start');
  await waitForBrokers(3);
});

test('a latency toxic on mongodb slows a ping; a timeout toxic makes it time out; both removable', async () => {
  const client = await MongoClient.connect(env.mongoUri, { socketTimeoutMS: 2_000, serverSelectionTimeoutMS: 3_000 });
  const ping = async (): Promise<number> => {
    const t0 = Date.now();
    await client.db('admin').command({ ping: 1 });
    return Date.now() - t0;
  };
  try {
    await ping();
    const base = await ping();
    await addLatency('mongodb', 400);
    expect((await ping()) - base).toBeGreaterThanOrEqual(350);
    await removeToxic('mongodb', 'latency');
    expect(await ping()).toBeLessThan(base + 300);

    await addTimeout('mongodb', 0);
    await expect(ping()).rejects.toThrow();
    await resetToxics();
    await client.close();
    const again = await MongoClient.connect(env.mongoUri, { serverSelectionTimeoutMS: 5_000 });
    await again.db('admin').command({ ping: 1 });
    await again.close();
  } finally {
    await resetToxics();
    await client.close().catch(() => undefined);
  }
});
