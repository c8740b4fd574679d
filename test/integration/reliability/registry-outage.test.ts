// Guarantee: a schema registry that cannot be reached is a transient failure, not a
// malformed request: a request written with a newly registered compatible schema
// version the worker has not seen yet waits (readiness false meanwhile, no reply,
// no MalformedRequest) and is answered once, normally, when the registry is back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { repoRoot } from '@workers/devstack';
import { registry } from '../../support/kafka-client';
import { eventually } from '../../support/mail-fixture';
import { controlComponent, uniqueName } from '../../support/stack-env';
import { CardScenario, newCardNumber, register, request } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('registry', 2);
});
afterAll(async () => {
  await controlComponent('schema-registry', 'start').catch(() => undefined);
  await s.close();
});

/** schemas/alcs.card.requests.avsc with one more optional envelope field: BACKWARD compatible, and a schema of its own. */
function nextVersion(): string {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'alcs.card.requests.avsc'), 'utf8')) as {
    fields: unknown[];
  };
  schema.fields.push({
    name: 'traceTag',
    type: ['null', 'string'],
    default: null,
    doc: `added by ${uniqueName('test')}`,
  });
  return JSON.stringify(schema);
}

test('registry down while a request of an unseen schema version arrives → not ready, no reply; answered once when it is back', async () => {
  const w = await s.startWorker();
  await s.send(register('reg-warm', newCardNumber()));
  await s.reply('reg-warm');

  const { id } = await registry().register(
    { type: SchemaType.AVRO, schema: nextVersion() },
    { subject: `${s.topics.requests}-value` },
  );
  const card = newCardNumber();
  const bytes = await registry().encode(id, { ...request(register('reg-v2', card)), traceTag: 'pos-7' });
  await controlComponent('schema-registry', 'stop');
  await s.producer.sendRaw(card, bytes, { 'correlation-id': 'reg-v2' });

  await eventually('readiness false', async () => (await w.readyz()) === 503, 60_000);
  await new Promise((r) => setTimeout(r, 3_000));
  expect(s.repliesFor('reg-v2')).toEqual([]);

  await controlComponent('schema-registry', 'start');
  expect(await s.reply('reg-v2', 60_000)).toMatchObject({ messageCode: 'Success', cardNumber: card });
  await eventually('ready again', async () => (await w.readyz()) === 200, 30_000);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(s.repliesFor('reg-v2')).toHaveLength(1);
  expect(s.replies.received.filter((r) => r.value.messageCode !== 'Success')).toEqual([]);
  expect(w.logs().some((l) => l.event === 'retry.scheduled')).toBe(true);
});
