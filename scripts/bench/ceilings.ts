// The stack's own ceilings, measured in the same run as the workers:
// - Kafka: transactional consume → produce → commit with no database and no Avro,
//   through the runtime's own transport (a transactional producer per partition, one
//   transaction per chunk of 500), and, for comparison, through a single
//   transactional producer committing each fetched batch (the design before fencing);
// - the database: bulk writes and keyed reads of the documents the workers write
//   (processed records, card documents), through the runtime's own stores.
import {
  baseConfigSchema,
  createTopicsReady,
  createLogger,
  KafkaTransport,
  loadConfig,
  mongoEntityStore,
  mongoProcessedStore,
  type ProcessedRecord,
} from '@workers/runtime';
import { DEFAULT_TOPIC } from '@workers/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { burst, latencies, paced, ReplyWatch } from './load';

/** The replication the stack holds (1, or 3 on three brokers). */
const replicationOf = (env: Record<string, string>): number => Number(env.STACK_REPLICATION_FACTOR ?? '1');

async function topicWith(
  kafka: Kafka,
  name: string,
  n: number,
  replicationFactor: number,
  partitions = 6,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsReady(admin, [
    { topic: name, numPartitions: partitions, replicationFactor },
    { topic: `${name}.out`, numPartitions: partitions, replicationFactor },
  ]);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(400, 7);
  for (let i = 0; i < n; i += 1000) {
    await producer.send({
      topic: name,
      messages: Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ key: `k${i + j}`, value })),
    });
  }
  await producer.disconnect();
}

/**
 * The runtime's KafkaTransport as a worker that does nothing: each chunk of up to 500
 * messages of `topic` committed to `<topic>.out` (a 200-byte value, the input's headers)
 * in one transaction, as the worker's chunks are. `onChunk` sees each committed chunk's size
 * and when its work began.
 */
async function passThrough(
  env: Record<string, string>,
  label: string,
  topic: string,
  onChunk: (size: number, began: number) => void = () => undefined,
): Promise<KafkaTransport> {
  const transport = new KafkaTransport(loadConfig(baseConfigSchema, { ...env, METRICS_PORT: '0' }), {
    clientId: `bench-${label}`,
    groupId: label,
    transactionalIdPrefix: label,
    partitionsConcurrently: 8,
    logger: createLogger({ service: 'bench', level: 'silent' }),
  });
  const reply = Buffer.alloc(200, 1);
  await transport.start(
    [topic],
    async (messages, session) => {
      for (let i = 0; i < messages.length; i += 500) {
        const began = Date.now();
        const chunk = messages.slice(i, i + 500);
        const out = chunk.map((m) => ({ topic: `${topic}.out`, key: m.key, value: reply, headers: m.headers }));
        await session.commit(out, chunk[chunk.length - 1]!.offset);
        onChunk(chunk.length, began);
      }
    },
    () => undefined,
  );
  return transport;
}

/** msg/s through the runtime's KafkaTransport: per-partition transactional producers, chunks of 500. */
export async function kafkaCeiling(env: Record<string, string>, prefix: string, n: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const topic = `${prefix}ceiling.fenced`;
  await topicWith(kafka, topic, n, replicationOf(env));
  let done = 0;
  let first = 0;
  let last = 0;
  const transport = await passThrough(env, `${prefix}ceiling`, topic, (size, began) => {
    first ||= began;
    done += size;
    last = Date.now();
  });
  while (done < n) await new Promise((r) => setTimeout(r, 20));
  await transport.stop();
  return n / ((last - first) / 1000);
}

/**
 * Latency of the runtime's KafkaTransport alone (no database, no Avro), paced at `rate`:
 * the floor a worker's own latency sits on (one poll, one transaction per chunk, one
 * read_committed fetch of the reply). Each output copies its input's correlation-id.
 */
export async function kafkaLatencyFloor(
  env: Record<string, string>,
  prefix: string,
  rate: number,
  n: number,
): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'bench', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  // Topic and groups per rate: the floor is measured at more than one rate in a run.
  const topic = `${prefix}ceiling.latency${rate}`;
  await topicWith(kafka, topic, 0, replicationOf(env));
  const transport = await passThrough(env, `${prefix}floor${rate}`, topic);
  const watch = await ReplyWatch.open(kafka, [`${topic}.out`], `${prefix}floor${rate}-watch`);
  const producer = kafka.producer();
  await producer.connect();
  try {
    // No requests: 400 bytes to a pass-through topic, so no client (they fit no route's schema).
    const value = Buffer.alloc(400, 7);
    const reqs = (k: number, tag: string) =>
      Array.from({ length: k }, (_, i) => ({ key: `k${i}`, requestId: `${tag}${i}` }));
    const send = (slice: readonly { key: string; requestId: string }[]) =>
      producer.send({
        topic,
        messages: slice.map((m) => ({ key: m.key, value, headers: { 'correlation-id': m.requestId } })),
      });
    await burst(send, reqs(200, 'w'), watch);
    const p = await paced(send, reqs(n, 'p'), rate, watch);
    return latencies(p.sent, watch);
  } finally {
    await producer.disconnect();
    await watch.close();
    await transport.stop();
  }
}

/** msg/s through one transactional producer that commits each fetched batch, one at a time. */
export async function singleProducerCeiling(env: Record<string, string>, prefix: string, n: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const topic = `${prefix}ceiling.single`;
  await topicWith(kafka, topic, n, replicationOf(env));
  const producer: Producer = kafka.producer({
    transactionalId: `${prefix}single`,
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 10, initialRetryTime: 10 },
  });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${prefix}single`, readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const reply = Buffer.alloc(200, 1);
  let lock: Promise<void> = Promise.resolve();
  let done = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 8,
    eachBatch: async ({ batch, resolveOffset }) => {
      first ||= Date.now();
      const run = lock.then(async () => {
        const tx = await producer.transaction();
        await tx.send({ topic: `${topic}.out`, messages: batch.messages.map((m) => ({ key: m.key, value: reply })) });
        await tx.sendOffsets({
          consumerGroupId: `${prefix}single`,
          topics: [
            {
              topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }],
            },
          ],
        });
        await tx.commit();
      });
      lock = run.catch(() => undefined);
      await run;
      resolveOffset(batch.lastOffset());
      done += batch.messages.length;
      last = Date.now();
    },
  });
  while (done < n) await new Promise((r) => setTimeout(r, 20));
  await consumer.disconnect();
  await producer.disconnect();
  return n / ((last - first) / 1000);
}

export interface DbCeilings {
  processedWrite: number;
  processedRead: number;
  cardWrite: number;
  cardRead: number;
}

/** docs/s for bulk writes and keyed reads of 500 documents per call, with the runtime's stores. */
export async function dbCeilings(env: Record<string, string>, n: number): Promise<DbCeilings> {
  const mongo = await MongoClient.connect(env.MONGODB_URI!, { useBigInt64: true });
  const db = mongo.db(`${env.MONGODB_DB!}_ceiling`);
  try {
    const processed = await mongoProcessedStore(db);
    const cards = mongoEntityStore<Record<string, unknown>>(db.collection('cards'));
    const rate = async (f: (from: number) => Promise<unknown>): Promise<number> => {
      const started = Date.now();
      for (let i = 0; i < n; i += 500) await f(i);
      return n / ((Date.now() - started) / 1000);
    };
    const record = (i: number): ProcessedRecord => ({
      requestId: `r-${i}`,
      topic: DEFAULT_TOPIC.CARD_REQUEST_TOPIC,
      contentHash: 'f'.repeat(64),
      replyTopic: DEFAULT_TOPIC.CARD_REPLY_TOPIC,
      events: [],
      key: `k-${i}`,
      reply: {
        requestId: `r-${i}`,
        operation: 'ActivateCard',
        status: 204,
        messageCode: 'Success',
        message: 'Operacja zakończona pomyślnie',
        details: [],
        processedAt: 0,
        cashierMessage: 'Operacja zakończona pomyślnie',
        cardNumber: `99${i}`,
        customerId: 'a'.repeat(32),
      },
      origin: { topic: DEFAULT_TOPIC.CARD_REQUEST_TOPIC, partition: i % 6, offset: String(i) },
      processedAt: new Date(),
      expiresAt: new Date(),
    });
    const card = (i: number) => ({
      cardNumber: `99${i}`,
      customerId: `${i}`.padStart(32, '0'),
      // The phone as the card worker stores it: a format-2 ciphertext of 12 bytes and its keyed hash.
      customer: {
        active: false,
        phone: { v: 2, kid: 'bench1', iv: 'A'.repeat(16), tag: `${'A'.repeat(22)}==`, ct: 'A'.repeat(16) },
        phoneHash: '0'.repeat(64),
        gender: 'F',
      },
      card: { state: 'WAITING_FOR_ACTIVATION' },
      cardPinHmac: '3f'.repeat(32),
      wallets: [
        {
          id: 'Stickers2016',
          balance: 12345n,
          stat: { lost: 0n, transferredOut: 100n, transferredIn: null, issued: 12445n },
          version: 'abc',
        },
      ],
      registeredBy: { posId: null, posNumber: '12', posOperatorId: null, posOperatorNumber: null, siteId: 'SITE-1' },
      createdAt: 0,
      updatedAt: 0,
      revision: 1,
    });
    const batch = (from: number) => Array.from({ length: 500 }, (_, j) => from + j);
    return {
      processedWrite: await rate((from) => processed.putMany(batch(from).map(record))),
      processedRead: await rate((from) =>
        processed.getMany(batch(from).map((i) => ({ topic: DEFAULT_TOPIC.CARD_REQUEST_TOPIC, requestId: `r-${i}` }))),
      ),
      cardWrite: await rate((from) =>
        cards.save(
          batch(from).map((i) => ({
            id: `99${i}`,
            record: card(i),
            expected: null,
            applied: [
              { requestId: `r-${i}`, outcome: { code: 'Success', entity: { cardNumber: `99${i}`, customerId: null } } },
            ],
          })),
        ),
      ),
      cardRead: await rate((from) => cards.load(batch(from).map((i) => `99${i}`))),
    };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}
