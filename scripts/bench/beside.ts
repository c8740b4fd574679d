// What runs beside the measured card worker when the bench measures "everything `npm start`
// runs" (issue 29): the other two workers and, unless left out, the operator console, each as
// production runs it (compiled, NODE_ENV=production), on the run's topics and stack. They are
// idle but for what they do on their own: the console follows every topic and scrapes every
// worker's metrics; the workers poll their topics. Comparing the card worker's figures with and
// without them shows what running them costs it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, repoRoot } from '@workers/devstack';
import { type BenchWorker, imageNodeOptions, startCompiled } from './workers';

/** The mail worker's required settings, as `npm start` gives them on a local run. */
const LOCAL_MAIL = { MAIL_FROM: 'bench <no-reply@mypage.example.jp>', MYPAGE_URL: 'https://mypage.example.jp/' };

/** The console, compiled, told where the workers' metrics are; resolves once it answers /healthz. */
async function startConsole(env: Record<string, string>, workers: readonly BenchWorker[]): Promise<BenchWorker> {
  const port = await freePort();
  const child = spawn(process.execPath, [...imageNodeOptions(), join(repoRoot, 'services/console/dist/main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      CONSOLE_HOST: '127.0.0.1',
      CONSOLE_PORT: String(port),
      CONSOLE_TOKEN: randomBytes(32).toString('hex'),
      CONSOLE_WORKERS: workers.map((w) => `${w.name}=http://127.0.0.1:${w.port}`).join(','),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null) throw new Error(`console exited ${child.exitCode} while starting`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('console not ready after 60 s');
    }
  }
  return { name: 'console', child, port, exited };
}

/** The contact and mail workers, then (with `console`) the console watching all three. */
export async function startBeside(
  env: Record<string, string>,
  card: BenchWorker,
  o: { console: boolean; logFile?: string },
): Promise<BenchWorker[]> {
  const started: BenchWorker[] = [];
  for (const name of ['contact-worker', 'mail-worker'])
    started.push(
      await startCompiled(
        name,
        { ...LOCAL_MAIL, ...env, CONSUMER_GROUP: `${env.CONSUMER_GROUP}-${name}` },
        `beside-${name}`,
        {
          logFile: o.logFile,
        },
      ),
    );
  if (o.console) {
    started.push(await startConsole(env, [card, ...started]));
  }
  return started;
}
