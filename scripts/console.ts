// `npm run console`: the operator console alone, for workers running elsewhere (by
// default `npm start`'s, on metrics ports 9464-9466: CONSOLE_WORKERS changes that).
// Endpoints as `npm start` finds them: configured, else the local stack (started
// here when none runs). Ctrl-C stops it.
import { randomBytes } from 'node:crypto';
import { devKeys } from './lib/dev-keys';
import { resolveEndpoints } from './lib/endpoints';
import { startConsole } from './lib/console';

const say = (line: string): void => void process.stderr.write(`console: ${line}\n`);

async function main(): Promise<number> {
  const endpoints = await resolveEndpoints(say, ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI']);
  try {
    const token = process.env.CONSOLE_TOKEN || randomBytes(16).toString('hex');
    const local: Record<string, string> = endpoints.local ? { ...devKeys(say), CONSOLE_TOKEN: token } : {};
    if (endpoints.local && !process.env.CONSOLE_TOKEN)
      say(`write token for replay and reveal (this run only): ${token}`);
    const running = await startConsole({ ...process.env, ...endpoints.env, ...local }, 'inherit');
    const stop = (): void => void running.child.kill('SIGTERM');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return (await running.exited) ?? 1;
  } finally {
    await endpoints.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
