// The naive baseline the benchmark compares the workers with (kept so anyone can
// rerun the comparison): what a first version of a request worker does. kafkajs
// `eachMessage`; per request an awaited look-up of the processed record, two
// awaited inserts (the effect, the processed record) and one awaited reply send;
// offsets auto-committed. No batching, no transaction, no idempotency beyond the
// look-up. Run by scripts/bench/main.ts; env: KAFKA_BROKERS, SCHEMA_REGISTRY_URL,
// MONGODB_URI, MONGODB_DB, REQUEST_TOPIC, REPLY_TOPIC, GROUP.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { avroLogicalTypes } from '@workers/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

const env = (k: string): string =>
  process.env[k] ??
  (() => {
    throw new Error(`${k} is not set`);
  })();

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'naive', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
  const registry = new SchemaRegistry(
    { host: env('SCHEMA_REGISTRY_URL') },
    { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
  );
  const mongo = await MongoClient.connect(env('MONGODB_URI'), { useBigInt64: true });
  const db = mongo.db(env('MONGODB_DB'));
  const replySchema = await registry.getLatestSchemaId(`${env('REPLY_TOPIC')}-value`);
  const producer = kafka.producer();
  await producer.connect();
  const consumer = kafka.consumer({ groupId: env('GROUP'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: env('REQUEST_TOPIC'), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const req = (await registry.decode(message.value!)) as {
        requestId: string;
        operation: Record<string, { cardNumber?: string }>;
      };
      const [branch = '', payload = {}] = Object.entries(req.operation)[0] ?? [];
      const operation = branch.slice(branch.lastIndexOf('.') + 1);
      const seen = await db.collection('naive_processed').findOne({ _id: req.requestId as never });
      const reply = {
        requestId: req.requestId,
        operation,
        status: 200,
        messageCode: 'Success',
        message: 'OK',
        details: [],
        processedAt: Date.now(),
        cashierMessage: 'OK',
        cardNumber: payload.cardNumber ?? null,
        customerId: null,
      };
      if (!seen) {
        await db.collection('naive_cards').insertOne({
          _id: `${req.requestId}` as never,
          operation,
          payload: JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
        });
        await db.collection('naive_processed').insertOne({ _id: req.requestId as never, reply });
      }
      await producer.send({
        topic: env('REPLY_TOPIC'),
        messages: [
          {
            key: message.key,
            value: await registry.encode(replySchema, reply),
            headers: { 'correlation-id': req.requestId },
          },
        ],
      });
    },
  });
  process.once(
    'SIGTERM',
    () =>
      void consumer
        .disconnect()
        .then(() => producer.disconnect())
        .then(() => mongo.close())
        .then(() => process.exit(0)),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`naive worker: ${String(err)}\n`);
  process.exit(1);
});
