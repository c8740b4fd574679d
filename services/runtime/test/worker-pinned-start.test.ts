// A worker starts only when the registry holds the repository's own schema under each
// subject it uses: a subject holding only another schema is named as not registered (exit 1
// in main), and a registry that refuses us stops the start with that reason, not as "not
// registered".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startSchemaRegistry } from '@workers/devstack';
import { registryCodec, type Codec } from '../src/codec';
import { baseConfigSchema, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { MemoryTransport } from '../src/memory-transport';
import { RouteError } from '../src/route-check';
import { memoryEntityStore } from '../src/store/memory-entity-store';
import { memoryProcessedStore } from '../src/store/memory-processed';
import { DependencyRefusedError } from '../src/transient';
import { Worker } from '../src/worker';
import { counterRoute, EVENTS, OTHER_REPLIES, REPLIES, TOPIC } from './counter-route';

const route = counterRoute();
const record = (name: string, fields: { name: string; type: unknown }[] = []) =>
  JSON.stringify({ type: 'record', name, namespace: 'test', fields });
const SCHEMAS: Record<string, string> = {
  [`${TOPIC}-value`]: JSON.stringify({
    type: 'record',
    name: 'CounterRequest',
    namespace: 'test',
    fields: [
      { name: 'requestId', type: 'string' },
      {
        name: 'operation',
        type: Object.keys(route.operations).map((op) => ({ type: 'record', name: op, fields: [] })),
      },
    ],
  }),
  [`${REPLIES}-value`]: record('CounterReply', [{ name: 'requestId', type: 'string' }]),
  [`${EVENTS}-value`]: record('CounterEvent', [{ name: 'eventId', type: 'string' }]),
};

let registry: { url: string; close(): Promise<void> };
let refusing: Server;
let refusingUrl: string;
beforeAll(async () => {
  registry = await startSchemaRegistry({ port: 0 });
  const client = new SchemaRegistry({ host: registry.url, retry: { retries: 0 } });
  for (const [subject, schema] of Object.entries(SCHEMAS)) {
    // The reply subject holds a schema of the same name that is not the repository's.
    const text = subject === `${REPLIES}-value` ? record('CounterReply', [{ name: 'other', type: 'int' }]) : schema;
    await client.register({ type: SchemaType.AVRO, schema: text }, { subject });
  }
  refusing = createServer((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error_code: 40301, message: 'forbidden' }));
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await registry.close();
  await new Promise<void>((resolve) => refusing.close(() => resolve()));
});

function start(codec: Codec): Promise<void> {
  const config = loadConfig(baseConfigSchema, {
    KAFKA_BROKERS: 'memory:9092',
    SCHEMA_REGISTRY_URL: 'http://memory',
    MONGODB_URI: 'mongodb://memory',
    METRICS_PORT: '0',
  });
  const transport = new MemoryTransport([TOPIC, `${TOPIC}.dlq`, REPLIES, OTHER_REPLIES, EVENTS]);
  const worker = new Worker({
    service: 'test',
    config,
    routes: [route],
    transport,
    processed: memoryProcessedStore(),
    entities: { counters: memoryEntityStore<unknown>() },
    codec,
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  return worker.start().finally(() => worker.stop(100));
}

test('a subject that holds only another schema than the repository’s stops the start, named', async () => {
  const err = await start(registryCodec({ url: registry.url, schemas: SCHEMAS })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RouteError);
  expect((err as Error).message).toBe(
    `invalid routes:\n  - ${TOPIC}: schema subject ${REPLIES}-value is not registered`,
  );
});

test('a registry that refuses us stops the start with the refusal, not as a missing subject', async () => {
  const err = await start(registryCodec({ url: refusingUrl, schemas: SCHEMAS })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DependencyRefusedError);
  expect((err as Error).message).toContain('403');
});
