// Guarantee: `ops request` to a topic nobody answers gives up after --timeout with exit code 3 and a message naming the requestId and the reply topic, instead of waiting forever.
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { runCli } from '../../support/cli-process';
import { requestReplyTopics } from '../../support/kafka-client';

test('no worker → exit 3 after the timeout', async () => {
  const t = await requestReplyTopics('alcs.card.ops-silent', 'alcs.card.requests', 'alcs.card.replies', 1);
  const started = Date.now();
  const run = await runCli([
    'request',
    t.requests,
    join(repoRoot, 'docs', 'requests', 'alcs.card.requests', 'lock-card.json'),
    '--reply-topic',
    t.replies,
    '--timeout',
    '3000',
  ]);
  expect(run.code).toBe(3);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(
    new RegExp(`no reply with correlation-id [0-9a-f-]{36} on ${t.replies.replace(/\./g, '\\.')} within 3000 ms`),
  );
  expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
});
