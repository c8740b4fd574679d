// Guarantee: a schema registry that refuses the worker (403) is a configuration fault, not a
// bad message: the worker turns not ready and logs at error (someone must act); the request
// waiting on the registry gets no reply and no dead letter; when the registry answers again it
// is answered once, normally. The refusal comes from a proxy of this test in front of the
// stack's registry, so no shared server is stopped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { repoRoot } from '@workers/devstack';
import { CardScenario, newCardNumber, register, request } from '../../support/card-fixture';
import { Collector, registry } from '../../support/kafka-client';
import { eventually } from '../../support/mail-fixture';
import { stackEnv, uniqueName } from '../../support/stack-env';

/** Forwards to the stack's registry, or answers every call 403 as Confluent's RBAC does while `refusing`. */
class RefusingProxy {
  refusing = false;
  refused = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async open(upstream: string): Promise<RefusingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RefusingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (proxy.refusing) {
          proxy.refused++;
          res.writeHead(403, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
          res.end(JSON.stringify({ error_code: 40301, message: 'User is denied operation Read on this subject' }));
          return;
        }
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        fetch(`${upstream}${req.url}`, {
          method: req.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          body,
        })
          .then(async (r) => {
            res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    });
    return proxy;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** schemas/alcs.card.requests.avsc with one more optional envelope field: a new id the worker has not read yet. */
function nextVersion(): string {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'alcs.card.requests.avsc'), 'utf8')) as {
    fields: unknown[];
  };
  schema.fields.push({ name: 'traceTag', type: ['null', 'string'], default: null, doc: uniqueName('refusal') });
  return JSON.stringify(schema);
}

let s: CardScenario;
let proxy: RefusingProxy;
let dlq: Collector<Buffer>;
beforeAll(async () => {
  s = await CardScenario.open('refusal', 1);
  proxy = await RefusingProxy.open(stackEnv().registryUrl);
  dlq = await Collector.open<Buffer>(s.topics.dlq, { decode: false });
});
afterAll(async () => {
  await s.close();
  await dlq.close();
  await proxy.close();
});

test('registry answers 403 → not ready, an error line, no reply, no dead letter; answered once when it answers again', async () => {
  const w = await s.startWorker({ SCHEMA_REGISTRY_URL: proxy.url });
  await s.send(register('ref-warm', newCardNumber()));
  await s.reply('ref-warm');

  const { id } = await registry().register(
    { type: SchemaType.AVRO, schema: nextVersion() },
    { subject: `${s.topics.requests}-value` },
  );
  const card = newCardNumber();
  const bytes = await registry().encode(id, { ...request(register('ref-v2', card)), traceTag: 'pos-7' });
  proxy.refusing = true;
  await s.producer.sendRaw(card, bytes, { 'correlation-id': 'ref-v2' });

  await eventually('readiness false', async () => (await w.readyz()) === 503, 60_000);
  const alert = await eventually(
    'an error line naming the refusal',
    async () => w.logs().find((l) => l.level === 50 && String(l.error ?? '').includes('403')),
    30_000,
  );
  expect(alert).toMatchObject({ event: 'retry.scheduled', cause: 'DependencyRefusedError' });
  await new Promise((r) => setTimeout(r, 3_000));
  expect(proxy.refused).toBeGreaterThan(1);
  expect(s.repliesFor('ref-v2')).toEqual([]);
  expect(dlq.received).toEqual([]);

  proxy.refusing = false;
  expect(await s.reply('ref-v2', 60_000)).toMatchObject({ messageCode: 'Success', cardNumber: card });
  await eventually('ready again', async () => (await w.readyz()) === 200, 30_000);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(s.repliesFor('ref-v2')).toHaveLength(1);
  expect(s.replies.received.filter((r) => r.value.messageCode !== 'Success')).toEqual([]);
  expect(dlq.received).toEqual([]);
});
