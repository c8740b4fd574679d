// E-mail keys for a local run. With the embedded stack and no EMAIL_KEY /
// EMAIL_HASH_KEY configured, random development keys are made once per stack and
// kept beside its data (.stack/dev-keys, mode 0600) so every worker of the run, and
// a restart against the same stack, reads what the others wrote. Never made for a
// configured database (MONGODB_URI set): its addresses would be encrypted under keys
// that live only in this checkout; production brings its own keys or fails at start.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStateDir } from '@workers/devstack';

const FILE = join(defaultStateDir, 'dev-keys');

export function devKeys(say: (line: string) => void): Record<string, string> {
  if (process.env.EMAIL_KEY || process.env.EMAIL_HASH_KEY) return {};
  if (process.env.MONGODB_URI)
    throw new Error(
      'EMAIL_KEY / EMAIL_HASH_KEY: required with a configured MONGODB_URI (development keys are only made for the local stack)',
    );
  if (existsSync(FILE)) return JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
  const keys = {
    EMAIL_KEY_ID: 'dev1',
    EMAIL_KEY: randomBytes(32).toString('base64'),
    EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
  };
  writeFileSync(FILE, JSON.stringify(keys), { mode: 0o600 });
  say(`no EMAIL_KEY configured: made development keys for this local stack (${FILE}); production must set its own`);
  return keys;
}
