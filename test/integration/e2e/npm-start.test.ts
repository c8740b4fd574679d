// Guarantee: `npm start` runs the workers with no configuration at all — it brings up
// the local stack itself (or uses the one already running), provisions topics and
// schemas, waits until every worker is ready, serves the operator console at the
// address it prints (showing the three workers ready), and on SIGTERM stops them all
// (each draining), the console and the stack it started, exiting 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';

const ENDPOINTS = [
  'KAFKA_BROKERS',
  'SCHEMA_REGISTRY_URL',
  'MONGODB_URI',
  'MONGODB_DB',
  'SMTP_URL',
  'MAIL_API_URL',
  'MAIL_DIR',
  'STACK_CONTROL_URL',
  'EMAIL_KEY',
  'EMAIL_HASH_KEY',
  'EMAIL_KEY_ID',
];

test('no endpoints configured → local stack, three ready workers, clean stop', async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ENDPOINTS.includes(k)));
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(repoRoot, 'scripts/start.ts')],
    {
      cwd: repoRoot,
      env: { ...env, METRICS_PORT: '0', CONSOLE_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // A failed expectation must not leave `npm start` (its workers, console and stack) running.
  try {
    const deadline = Date.now() + 240_000;
    while (!/operator console: sign in at/.test(err) && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(err).toMatch(
      /start: (no KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGODB_URI, SMTP_URL configured: starting the local stack|using the local stack already running)/,
    );
    expect(err).toMatch(
      /start: card-worker, contact-worker, mail-worker ready; metrics and health on card-worker :\d+, contact-worker :\d+, mail-worker :\d+/,
    );
    const signIn =
      /start: operator console: sign in at (http:\/\/127\.0\.0\.1:\d+)\/login with this token \(this run only\): ([0-9a-f]{64})/.exec(
        err,
      );
    expect(signIn).not.toBeNull();
    const [, url, token] = signIn!;
    // Every page needs the token (issue 30): without it the overview is refused.
    expect((await fetch(`${url}/overview?fragment=1`, { redirect: 'manual' })).status).not.toBe(200);
    // The console scrapes each worker with a 1.5 s timeout; on a loaded machine one
    // scrape can miss it, so the overview is read until all three show ready (or 30 s).
    let states: string[] = [];
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 1000))) {
      const overview = await (
        await fetch(`${url}/overview?fragment=1`, { headers: { authorization: `Bearer ${token}` } })
      ).text();
      states = [
        ...overview.matchAll(/data-worker="([^"]+)" data-readiness="([^"]+)">[\s\S]*?<p class="muted">([^<]*)/g),
      ].map(([, name, readiness, where]) => `${name} ${readiness} (${(where ?? '').trim()})`);
      if (states.length === 3 && states.every((s) => / ready \(/.test(s))) break;
    }
    expect(states.filter((s) => / ready \(/.test(s))).toEqual(states);
    expect(states).toHaveLength(3);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(err).toContain('stopping the workers');
}, 300_000);
