// The stack's env file can be sourced by a POSIX shell and read back by our own
// reader with the very same values, whatever characters they hold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvFile, writeEnvFile } from '../src';

const env = {
  KAFKA_BROKERS: '127.0.0.1:39543',
  MONGODB_URI: 'mongodb://127.0.0.1:38117/',
  STACK_KAFKA_VERSION: 'Apache Kafka 3.9.1 (KRaft, single node)',
  ODD: `it's "quoted" $HOME; \`x\``,
  EMPTY: '',
};

test('sourced by sh and read back by readEnvFile, value for value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'envfile-'));
  try {
    const file = join(dir, 'env');
    writeEnvFile(file, env);
    expect(readEnvFile(file)).toEqual(env);
    expect(statSync(file).mode & 0o777).toBe(0o600); // owner only: a configured endpoint may hold a password
    const script = `set -a; . '${file}'; set +a; node -e 'process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(Object.keys(env))}.map((k) => [k, process.env[k]]))))'`;
    expect(JSON.parse(execFileSync('sh', ['-c', script], { encoding: 'utf8' }))).toEqual(env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
