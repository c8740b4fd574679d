// Guarantee: a worker that cannot work refuses to start, saying why — one line per
// bad environment variable, and a routing table checked against the cluster and
// the registry (a missing topic or an unregistered schema stops it with exit 1).
import { uniqueName } from '../../support/stack-env';
import { WorkerProcess } from '../../support/worker-process';
import { createTopics, requestReplyTopics } from '../../support/kafka-client';
import { TEST_KEYS } from '../../support/test-keys';

test('bad configuration → exit 1, each bad variable named', async () => {
  const w = WorkerProcess.start('card-worker', {
    KAFKA_BROKERS: 'not a broker list',
    SCHEMA_REGISTRY_URL: 'nope',
    MONGODB_URI: 'postgres://x',
    PROCESSED_RETENTION_DAYS: '3',
  });
  const exit = await w.exited;
  expect(exit.code).toBe(1);
  const err = w.stderr.join('');
  for (const v of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI', 'PROCESSED_RETENTION_DAYS'])
    expect(err).toContain(v);
});

test('a route whose topics do not exist → exit 1 naming them', async () => {
  const missing = uniqueName('no.such.requests');
  const w = WorkerProcess.start('card-worker', {
    CARD_REQUEST_TOPIC: missing,
    CARD_REPLY_TOPIC: uniqueName('no.such.replies'),
    CONSUMER_GROUP: uniqueName('g'),
    ...TEST_KEYS,
  });
  const exit = await w.exited;
  expect(exit.code).toBe(1);
  expect(w.stderr.join('')).toMatch(new RegExp(`topic ${missing.replace(/\./g, '\\.')} does not exist`));
});

test('topics present but the reply schema not registered → exit 1 naming the subject', async () => {
  const t = await requestReplyTopics('alcs.card.noschema', 'alcs.card.requests', 'alcs.card.replies', 1);
  const replies = uniqueName('unregistered.replies');
  await createTopics([replies], 1);
  const w = WorkerProcess.start('card-worker', {
    CARD_REQUEST_TOPIC: t.requests,
    CARD_REPLY_TOPIC: replies,
    CONSUMER_GROUP: uniqueName('g'),
    ...TEST_KEYS,
  });
  const exit = await w.exited;
  expect(exit.code).toBe(1);
  expect(w.stderr.join('')).toContain(`schema subject ${replies}-value is not registered`);
});
