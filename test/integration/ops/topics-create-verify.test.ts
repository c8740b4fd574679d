// Guarantee: `ops topics create` creates every declared topic (idempotently: a second run creates nothing), `ops topics verify` passes on what it created, and fails naming each topic whose partitions or configs changed or that is missing.
import { ConfigResourceTypes } from 'kafkajs';
import { TOPIC_NAMES } from '@workers/contracts';
import { runCli } from '../../support/cli-process';
import { kafkaClient } from '../../support/kafka-client';
import { uniqueName } from '../../support/stack-env';

const prefix = `${uniqueName('ops-topics')}.`;
const flags = ['--prefix', prefix, '--partitions', '2', '--replication-factor', '1'];
const name = (declared: string): string => `${prefix}${declared}`;

test('create is idempotent; verify passes, then names every difference', async () => {
  const first = await runCli(['topics', 'create', ...flags]);
  expect(first.code).toBe(0);
  expect(first.stdout.match(/^created /gm)).toHaveLength(TOPIC_NAMES.length);

  const second = await runCli(['topics', 'create', ...flags]);
  expect(second.code).toBe(0);
  expect(second.stdout.match(/^exists /gm)).toHaveLength(TOPIC_NAMES.length);

  const ok = await runCli(['topics', 'verify', ...flags]);
  expect({ code: ok.code, stdout: ok.stdout }).toEqual({
    code: 0,
    stdout: expect.not.stringMatching(/declared|missing/),
  });

  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: name('alcs.card.replies'),
          configEntries: [{ name: 'retention.ms', value: '3600000' }],
        },
      ],
    });
    await admin.createPartitions({ topicPartitions: [{ topic: name('crm.contact.events'), count: 3 }] });
    await admin.deleteTopics({ topics: [name('alcs.card.requests.dlq')] });
  } finally {
    await admin.disconnect();
  }

  const bad = await runCli(['topics', 'verify', ...flags]);
  expect(bad.code).toBe(1);
  const problems = bad.stdout.split('\n').filter((l) => l && !l.endsWith(': ok'));
  expect(problems.sort()).toEqual([
    `${name('alcs.card.replies')}: retention.ms=3600000, declared ${14 * 86_400_000}`,
    `${name('alcs.card.requests.dlq')}: missing`,
    `${name('crm.contact.events')}: 3 partitions, declared 2`,
  ]);
  expect(bad.stderr).toContain('3 difference(s)');
});
