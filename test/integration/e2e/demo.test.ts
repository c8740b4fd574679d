// Guarantee: the demo README sends newcomers to (`npm run demo`) runs the whole story
// against the real stack — every reply with its expected code, the mail each
// customer should get and no other — and says so in its summary, exiting 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { TEST_KEYS } from '../../support/contact-fixture';

test('npm run demo passes against the running stack', async () => {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(repoRoot, 'scripts/demo.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...TEST_KEYS, METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  process.stdout.write(`[demo] ${out.trim().split('\n').pop() ?? ''}\n`);
  expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
  expect(err).toContain('using the configured endpoints');
  expect(out).toMatch(/^demo passed: 18\/18 replies as expected, mail as expected, [\d.]+ s$/m);
  expect(out).toMatch(/✉ taro\.[0-9a-f]+@example\.jp {2}「【マイページ】ご対応をお願いする事項があります」/);
  expect(out).toContain('no mail (mail delivery stopped, 配信停止)');
}, 180_000);
