// Guarantee: the console refuses to start, exit 1 with one line naming CONSOLE_TOKEN, when its token is under 32 characters, or when it has none and binds an address that is not loopback; with none on loopback it starts (open to that machine, read-only).
import { spawn } from 'node:child_process';
import { repoRoot } from '@workers/devstack';
import { serviceEntry } from '../../support/service-entry';

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, serviceEntry('console', 'main'), {
    cwd: repoRoot,
    env: { ...process.env, CONSOLE_PORT: '0', CONSOLE_TOKEN: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    // Started: nothing more to learn from it.
    if (/^console: http:/m.test(stderr)) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

test('a short token, or none off loopback: exit 1 naming CONSOLE_TOKEN; none on loopback: it starts', async () => {
  const short = await run({ CONSOLE_TOKEN: 'x'.repeat(31) });
  expect(short.code).toBe(1);
  expect(short.stderr).toMatch(/CONSOLE_TOKEN: at least 32 characters/);
  const open = await run({ CONSOLE_HOST: '0.0.0.0' });
  expect(open.code).toBe(1);
  expect(open.stderr).toMatch(/CONSOLE_TOKEN: required when CONSOLE_HOST \(0\.0\.0\.0\) is not a loopback address/);
  const loopback = await run({ CONSOLE_HOST: '127.0.0.1' });
  expect(loopback.stderr).toMatch(
    /^console: http:\/\/127\.0\.0\.1:\d+\/ \(no CONSOLE_TOKEN: open to this machine only, read-only\)$/m,
  );
});
