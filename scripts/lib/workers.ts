// The three workers as child processes of one command: each runs from its sources
// (no build needed), with its own metrics port, its JSON log lines passed through
// unchanged (each names its service) or dropped. stopWorkers sends SIGTERM to all
// and waits; waitReady polls each worker's /readyz.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { WORKERS, type WorkerName } from '@workers/contracts';
import { freePort, repoRoot } from '@workers/devstack';

export { WORKERS, type WorkerName };

export interface RunningWorker {
  name: WorkerName;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Worker i listens on METRICS_PORT + i (default 9464, 9465, 9466, as in
 * docker-compose.yml); METRICS_PORT=0 gives each a free port. `groupPrefix` gives
 * each worker its own consumer group `<prefix><worker>` (default: the worker's name).
 */
export async function startWorkers(
  names: readonly WorkerName[],
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'ignore',
  groupPrefix?: string,
): Promise<RunningWorker[]> {
  const basePort = Number(env.METRICS_PORT ?? 9464);
  const ports = await Promise.all(
    names.map(async (name) => (basePort === 0 ? freePort() : basePort + WORKERS.indexOf(name))),
  );
  return names.map((name, i) => {
    const port = ports[i] ?? 0;
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(repoRoot, 'services', name, 'src', 'main.ts')],
      {
        cwd: repoRoot,
        env: {
          ...env,
          METRICS_PORT: String(port),
          ...(groupPrefix ? { CONSUMER_GROUP: `${groupPrefix}${name}`, INSTANCE_ID: `${groupPrefix}${name}` } : {}),
        },
        stdio: ['ignore', output, 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { name, port, child, exited };
  });
}

/** SIGTERM to every worker still running; resolves with their exit codes. */
export async function stopWorkers(workers: RunningWorker[]): Promise<(number | null)[]> {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

/** Resolves once every worker answers /readyz 200; throws naming one that exited or stayed unready. */
export async function waitReady(workers: RunningWorker[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const w of workers) {
    for (;;) {
      if (w.child.exitCode !== null)
        throw new Error(`${w.name} exited ${w.child.exitCode} while starting (its reason is on stderr above)`);
      if (
        await fetch(`http://127.0.0.1:${w.port}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`${w.name} not ready after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
