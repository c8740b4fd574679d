// `npm start [-- <worker>…]`: runs the workers (all three by default, or the ones
// named, e.g. to add one more process of a worker to its consumer group). With no
// Kafka, registry, MongoDB or SMTP configured it first starts the local stack (the
// embedded default) and says so; configured endpoints are used as they are; some but
// not all of them configured is refused (exit 1, one line naming the missing ones),
// since they are never mixed with the local stack (lib/endpoints.ts). Topics
// and schemas are provisioned (idempotent) unless --no-provision. Ctrl-C / SIGTERM
// stops the workers (each drains and commits), then the stack if it started it.
// With every worker (no names given) it also runs the operator console on its own
// port (CONSOLE_PORT, 8090) and prints its address; --no-console leaves it out.
import '@workers/runtime/produce-fix';
import { Command } from 'commander';
import { consoleToken, signInLine, startConsole, type RunningConsole } from './lib/console';
import { devKeys } from './lib/dev-keys';
import { resolveEndpoints } from './lib/endpoints';
import { provision } from './lib/provision';
import { startWorkers, stopWorkers, waitReady, WORKERS, type RunningWorker, type WorkerName } from './lib/workers';

const say = (line: string): void => void process.stderr.write(`start: ${line}\n`);

/** Development defaults of the mail worker, for a local run only. */
const LOCAL_MAIL = { MAIL_FROM: 'マイページ <no-reply@mypage.example.jp>', MYPAGE_URL: 'https://mypage.example.jp/' };

async function main(names: string[], o: { provision: boolean; console: boolean }): Promise<number> {
  const unknown = names.filter((n) => !(WORKERS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    say(`unknown worker ${unknown.join(', ')}; choose from ${WORKERS.join(', ')}`);
    return 2;
  }
  const chosen = (names.length > 0 ? names : [...WORKERS]) as WorkerName[];
  const endpoints = await resolveEndpoints(say);
  const env: NodeJS.ProcessEnv = {
    ...(endpoints.local ? LOCAL_MAIL : {}),
    ...process.env,
    ...endpoints.env,
    ...(endpoints.local ? devKeys(say) : {}),
  };
  try {
    if (o.provision) await provision(env);
    const workers = await startWorkers(chosen, env, 'inherit');
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      say('stopping the workers (each finishes and commits what is in flight)…');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await waitReady(workers).catch(async (err: Error) => {
      await stopWorkers(workers);
      throw err;
    });
    say(
      `${chosen.join(', ')} ready; metrics and health on ${workers.map((w) => `${w.name} :${w.port}`).join(', ')}; Ctrl-C stops`,
    );
    const consoleRun =
      o.console && names.length === 0
        ? await startConsoleFor(workers, env, endpoints.local).catch(async (err: Error) => {
            await stopWorkers(workers);
            throw err;
          })
        : undefined;
    // Whichever comes first: a signal, or a worker (or the console) exiting on its own.
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (stopping || workers.some((w) => w.child.exitCode !== null) || consoleRun?.child.exitCode != null) {
          clearInterval(tick);
          resolve();
        }
      }, 200);
    });
    const died = workers.filter((w) => w.child.exitCode !== null && !stopping);
    const consoleDied = !stopping && consoleRun?.child.exitCode != null;
    if (consoleRun && consoleRun.child.exitCode === null) consoleRun.child.kill('SIGTERM');
    const consoleCode = consoleRun ? await consoleRun.exited : 0;
    if (consoleDied) say(`the console exited ${consoleCode} on its own; stopped the workers`);
    const codes = await stopWorkers(workers);
    for (const w of died) say(`${w.name} exited ${w.child.exitCode} on its own; stopped the others`);
    return died.length === 0 && !consoleDied && consoleCode === 0 && codes.every((c) => c === 0) ? 0 : 1;
  } finally {
    await endpoints.close();
  }
}

/** The console watching these workers; a local run gets a token for this run, printed once with the sign-in address. */
async function startConsoleFor(
  workers: RunningWorker[],
  env: NodeJS.ProcessEnv,
  local: boolean,
): Promise<RunningConsole> {
  const t = consoleToken(env, local);
  const running = await startConsole(
    {
      ...env,
      ...(t.token ? { CONSOLE_TOKEN: t.token } : {}),
      CONSOLE_WORKERS: workers.map((w) => `${w.name}=http://127.0.0.1:${w.port}`).join(','),
    },
    'inherit',
  );
  say(signInLine(running.url, t));
  say("send the demo's requests to these workers with `npm run demo -- --running`, then follow them there");
  return running;
}

new Command('start')
  .description(`run the workers (${WORKERS.join(', ')}); the local stack when no endpoints are configured`)
  .argument('[workers...]', 'which workers (default: all)')
  .option('--no-provision', 'do not create topics or register schemas first')
  .option('--no-console', 'do not run the operator console (it runs only when every worker does)')
  .action(async (names: string[], o: { provision: boolean; console: boolean }) => {
    process.exitCode = await main(names, o);
  })
  .parseAsync()
  .catch((err: unknown) => {
    say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
