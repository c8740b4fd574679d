// `npm start` (and `npm run demo`, `npm run console`) never mixes configured endpoints with
// the local stack: all configured, or none and the local stack; some configured is refused
// with one line naming the missing ones, exit 1, before any stack starts; and development
// e-mail keys are never made for a configured database.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { devKeys } from '../../../scripts/lib/dev-keys';
import { ENDPOINTS, endpointPlan } from '../../../scripts/lib/endpoints';

const ALL = {
  KAFKA_BROKERS: 'kafka.example.jp:9092',
  SCHEMA_REGISTRY_URL: 'https://registry.example.jp',
  MONGODB_URI: 'mongodb://db.example.jp:27017',
  SMTP_URL: 'smtps://mail.example.jp:465',
};

describe('endpointPlan', () => {
  test('none configured: the local stack; all four: the configured ones', () => {
    expect(endpointPlan({ PATH: '/bin' })).toEqual({ use: 'local' });
    expect(endpointPlan(ALL)).toEqual({ use: 'configured' });
  });

  test.each(ENDPOINTS.map((k) => [k]))('all but %s: refused, naming it', (left) => {
    const env: NodeJS.ProcessEnv = { ...ALL, [left]: '' };
    const plan = endpointPlan(env);
    expect(plan.use).toBe('refused');
    if (plan.use !== 'refused') return;
    expect(plan.problem).toContain(`but ${left} is not`);
    expect(plan.problem.split('\n')).toHaveLength(1);
  });

  test('only KAFKA_BROKERS: refused, naming the three others', () => {
    const plan = endpointPlan({ KAFKA_BROKERS: ALL.KAFKA_BROKERS });
    expect(plan).toEqual({
      use: 'refused',
      problem: expect.stringMatching(/^KAFKA_BROKERS is set but SCHEMA_REGISTRY_URL, MONGODB_URI, SMTP_URL are not/),
    });
  });

  test('a caller that needs no SMTP (the console) runs with the other three', () => {
    const { SMTP_URL: _, ...three } = ALL;
    expect(endpointPlan(three, ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI'])).toEqual({ use: 'configured' });
    expect(endpointPlan(three).use).toBe('refused');
  });
});

test('development keys are never made for a configured database', () => {
  const saved = { ...process.env };
  try {
    delete process.env.EMAIL_KEY;
    delete process.env.EMAIL_HASH_KEY;
    process.env.MONGODB_URI = ALL.MONGODB_URI;
    expect(() => devKeys(() => undefined)).toThrow(
      /EMAIL_KEY \/ EMAIL_HASH_KEY: required with a configured MONGODB_URI/,
    );
  } finally {
    process.env = saved;
  }
});

test('npm start with only KAFKA_BROKERS exits 1 at once, naming the missing endpoints, starting no stack', async () => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !(ENDPOINTS as readonly string[]).includes(k)),
  );
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(repoRoot, 'scripts/start.ts'), '--no-console'],
    { cwd: repoRoot, env: { ...env, KAFKA_BROKERS: '127.0.0.1:1' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // Never left running: a start that went on would launch a stack.
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killer);
  expect(code).toBe(1);
  expect(err).toMatch(/^start: KAFKA_BROKERS is set but SCHEMA_REGISTRY_URL, MONGODB_URI, SMTP_URL are not/m);
  expect(err).not.toContain('starting the local stack');
}, 30_000);
