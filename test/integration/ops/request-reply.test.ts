// Guarantee: `ops request` sends a request from a JSON file (docs/requests/, requestId and sentAt filled in, decimals as text) to the card worker and prints the one reply whose correlation-id is its requestId, exit 0.
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { CardScenario } from '../../support/card-fixture';
import { runCli } from '../../support/cli-process';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('ops-req', 2);
  await s.startWorker();
});
afterAll(async () => s.close());

const example = (file: string): string => join(repoRoot, 'docs', 'requests', 'alcs.card.requests', file);

test('RegisterCard from docs/requests gets its Success reply printed', async () => {
  const run = await runCli([
    'request',
    s.topics.requests,
    example('register-card.json'),
    '--reply-topic',
    s.topics.replies,
    '--timeout',
    '30000',
  ]);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  const reply = JSON.parse(run.stdout) as {
    topic: string;
    key: string;
    headers: Record<string, string>;
    value: Record<string, unknown>;
  };
  const requestId = /sent requestId (\S+)/.exec(run.stderr)?.[1];
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(reply).toMatchObject({
    topic: s.topics.replies,
    key: '9900000000000001',
    headers: { 'correlation-id': requestId, operation: 'RegisterCard', 'message-code': 'Success' },
    value: {
      requestId,
      operation: 'RegisterCard',
      status: 200,
      messageCode: 'Success',
      cardNumber: '9900000000000001',
      cashierMessage: expect.any(String),
    },
  });
  expect(reply.value.customerId).toMatch(/^[0-9a-f]{32}$/);

  // What the worker stored came through the CLI's conversion: "123.45" → 12345 minor units.
  const card = await s.db.collection('cards').findOne({ cardNumber: '9900000000000001' });
  expect(JSON.stringify(card, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).toContain('"12345n"');
});
