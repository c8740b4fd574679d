// `npm start [-- <worker>…]`: runs the workers (all three by default, or the ones
// named, e.g. to add one more process of a worker to its consumer group). With no
// Kafka, registry, MongoDB or SMTP configured it first starts the local stack (the
// embedded default) and says so; configured endpoints are used as they are. Topics
// and schemas are provisioned (idempotent) unless --no-provision. Ctrl-C / SIGTERM
// stops the workers (each drains and commits), then the stack if it started it.
import { Command } from 'commander';
import { devKeys } from './lib/dev-keys';
import { resolveEndpoints } from './lib/endpoints';
import { provision } from './lib/provision';
import { startWorkers, stopWorkers, waitReady, WORKERS, type WorkerName } from './lib/workers';

const say = (line: string): void => void process.stderr.write(`start: ${line}\n`);

/** Development defaults of the mail worker, for a local run only. */
const LOCAL_MAIL = { MAIL_FROM: 'マイページ <no-reply@mypage.example.jp>', MYPAGE_URL: 'https://mypage.example.jp/' };

async function main(names: string[], o: { provision: boolean }): Promise<number> {
  const unknown = names.filter((n) => !(WORKERS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    say(`unknown worker ${unknown.join(', ')}; choose from ${WORKERS.join(', ')}`);
    return 2;
  }
  const chosen = (names.length > 0 ? names : [...WORKERS]) as WorkerName[];
  const endpoints = await resolveEndpoints(say);
  const env: NodeJS.ProcessEnv = { ...(endpoints.local ? LOCAL_MAIL : {}), ...process.env, ...endpoints.env, ...(endpoints.local ? devKeys(say) : {}) };
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
    say(`${chosen.join(', ')} ready; metrics and health on ${workers.map((w) => `${w.name} :${w.port}`).join(', ')}; Ctrl-C stops`);
    // Whichever comes first: a signal, or a worker exiting on its own.
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (stopping || workers.some((w) => w.child.exitCode !== null)) {
          clearInterval(tick);
          resolve();
        }
      }, 200);
    });
    const died = workers.filter((w) => w.child.exitCode !== null && !stopping);
    const codes = await stopWorkers(workers);
    for (const w of died) say(`${w.name} exited ${w.child.exitCode} on its own; stopped the others`);
    return died.length === 0 && codes.every((c) => c === 0) ? 0 : 1;
  } finally {
    await endpoints.close();
  }
}

new Command('start')
  .description(`run the workers (${WORKERS.join(', ')}); the local stack when no endpoints are configured`)
  .argument('[workers...]', 'which workers (default: all)')
  .option('--no-provision', 'do not create topics or register schemas first')
  .action(async (names: string[], o: { provision: boolean }) => {
    process.exitCode = await main(names, o);
  })
  .parseAsync()
  .catch((err: unknown) => {
    say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
