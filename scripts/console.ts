// `npm run console`: the operator console alone, for workers running elsewhere (by
// default `npm start`'s, on metrics ports 9464-9466: CONSOLE_WORKERS changes that).
// Endpoints as `npm start` finds them: configured, else the local stack (started
// here when none runs; then a token is made for the run and printed with the sign-in
// address). Ctrl-C stops it.
import '@workers/runtime/produce-fix';
import { devKeys } from './lib/dev-keys';
import { resolveEndpoints } from './lib/endpoints';
import { consoleToken, signInLine, startConsole } from './lib/console';

const say = (line: string): void => void process.stderr.write(`console: ${line}\n`);

async function main(): Promise<number> {
  const endpoints = await resolveEndpoints(say, ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI']);
  try {
    const t = consoleToken(process.env, endpoints.local);
    const local: Record<string, string> = endpoints.local ? devKeys(say) : {};
    const running = await startConsole(
      { ...process.env, ...endpoints.env, ...local, ...(t.token ? { CONSOLE_TOKEN: t.token } : {}) },
      'inherit',
    );
    say(signInLine(running.url, t));
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
