// The compiled CLI (dist/cli.js, what the Docker image runs; npm test builds it first)
// as a process, without servers: help on every command, and usage or configuration
// problems end with exit code 2 and one line per problem.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli-process';

// No endpoint from the developer's shell or a running local stack may leak in.
const noEndpoints = {
  KAFKA_BROKERS: '',
  SCHEMA_REGISTRY_URL: '',
  MONGODB_URI: '',
  MONGODB_DB: '',
  STACK_STATE_DIR: mkdtempSync(join(tmpdir(), 'ops-nostack-')),
};
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { ...noEndpoints, ...env }, compiled: true, timeoutMs: 30_000 });

it('every command has --help', async () => {
  const commands = [
    ['topics', 'create'],
    ['topics', 'verify'],
    ['schemas', 'register'],
    ['schemas', 'check'],
    ['tail'],
    ['request'],
    ['dlq', 'list'],
    ['dlq', 'replay'],
  ];
  const runs = await Promise.all(commands.map((c) => cli([...c, '--help'])));
  expect(runs.map((r) => ({ code: r.code, usage: r.stdout.split('\n')[0]?.split(' [')[0] }))).toEqual(
    commands.map((c) => ({ code: 0, usage: `Usage: ops ${c.join(' ')}` })),
  );
});

it('names each missing or bad variable, exit 2', async () => {
  const missing = await cli(['tail', 'alcs.card.replies']);
  expect({ code: missing.code, stderr: missing.stderr }).toEqual({
    code: 2,
    stderr:
      'ops: KAFKA_BROKERS: required (comma-separated host:port list)\nops: SCHEMA_REGISTRY_URL: required (schema registry URL such as http://localhost:8081)\n',
  });
  const bad = await cli(['topics', 'verify'], { KAFKA_BROKERS: 'localhost', KAFKA_SASL_MECHANISM: 'md5' });
  expect(bad.code).toBe(2);
  expect(bad.stderr.trim().split('\n')).toEqual([
    'ops: KAFKA_BROKERS: each broker must be host:port',
    expect.stringMatching(/^ops: KAFKA_SASL_MECHANISM: /),
  ]);
});

it('refuses bad arguments before connecting anywhere, exit 2', async () => {
  const env = { KAFKA_BROKERS: '127.0.0.1:1', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1' };
  const runs = await Promise.all([
    cli(['topics', 'create', '--partitions', '0'], env),
    cli(['tail', 'x', '--from-beginning', '--since', '2025-01-31T09:00:00Z'], env),
    cli(['tail', 'x', '--offset', 'a:1'], env),
    cli(['dlq', 'replay', 'x'], env),
    cli(['request', 'x.requests', join(tmpdir(), 'does-not-exist.json')], env),
    cli(['frobnicate'], env),
  ]);
  expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
  expect(runs[1]?.stderr).toContain('--from-beginning, --since: choose one');
  expect(runs[3]?.stderr).toContain('--offset <n...> or --all');
  expect(runs[4]?.stderr).toContain('does-not-exist.json: ENOENT');
});
