// Every key value the repository carries is one a production worker refuses: any
// 32-byte base64 value in a tracked file (compose, env examples, docs, scripts, tests)
// must be in PUBLISHED_KEYS (services/runtime/src/published-keys.ts), since whatever is
// committed is public. A demo key added to docker-compose.yml or a README without being
// listed fails here.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isPublishedKey, PUBLISHED_KEYS, publishedKeyProblems } from '@workers/runtime';

const root = join(__dirname, '..', '..', '..');
/** base64 of exactly 32 bytes, standing alone. */
const KEY_32 = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g;

function trackedTextFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  return listed.stdout
    .split('\0')
    .filter(Boolean)
    .filter((f) => f !== 'package-lock.json') // integrity hashes, not keys
    .filter((f) => {
      try {
        return statSync(join(root, f)).size < 2_000_000;
      } catch {
        return false; // deleted in the working tree
      }
    });
}

test('every 32-byte base64 value in a tracked file is a published key that production refuses', () => {
  const found = new Map<string, string>();
  for (const file of trackedTextFiles()) {
    const text = readFileSync(join(root, file), 'utf8');
    if (text.includes('\0')) continue; // binary
    for (const m of text.matchAll(KEY_32)) found.set(m[0], file);
  }
  const unlisted = [...found].filter(([value]) => !isPublishedKey(value)).map(([, file]) => file);
  expect(unlisted).toEqual([]);
  for (const value of found.keys())
    expect(publishedKeyProblems({ NODE_ENV: 'production', EMAIL_KEY: value })).toHaveLength(1);
});

test("the list holds docker-compose.yml's former demo keys, each 32 bytes", () => {
  expect(PUBLISHED_KEYS.length).toBeGreaterThanOrEqual(2);
  for (const k of PUBLISHED_KEYS) expect(Buffer.from(k, 'base64')).toHaveLength(32);
  expect(PUBLISHED_KEYS.map((k) => Buffer.from(k, 'base64').toString('utf8'))).toEqual(
    expect.arrayContaining(['compose-demo-key-NOT-FOR-PROD-01', 'compose-demo-hash-NOT-FOR-PROD-1']),
  );
});
