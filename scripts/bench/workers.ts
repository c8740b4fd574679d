// The workers under test, run as production runs them: the compiled code
// (services/<worker>/dist/main.js, built by `npm run build`), one process each,
// with the run's topics, database and keys. Ready when /readyz says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '@workers/devstack';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BenchWorker {
  name: string;
  child: ChildProcess;
  port: number;
  exited: Promise<Exit>;
}

export interface StartOptions {
  /** The worker's stdout and stderr are appended to this file (default: stdout dropped, stderr passed through). */
  logFile?: string;
  logLevel?: string;
  readyTimeoutMs?: number;
}

export const benchKeys = {
  EMAIL_KEY_ID: 'bench1',
  EMAIL_KEY: randomBytes(32).toString('base64'),
  EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
};

/**
 * The file the workers' stdout is appended to: BENCH_WORKER_LOG (kept), else a temporary file removed
 * when the bench exits. Always one: the breakdown of the slowest requests (slowest.ts) reads it.
 */
export function workerLogFile(): string {
  if (!process.env.BENCH_WORKER_LOG) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-workers-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    process.env.BENCH_WORKER_LOG = join(dir, 'workers.log');
  }
  return process.env.BENCH_WORKER_LOG;
}

/** The NODE_OPTIONS the Docker image sets for every worker (the one place they are declared). */
export function imageNodeOptions(): string[] {
  const line = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
  return (line?.[1] ?? '').split(' ').filter(Boolean);
}

/** The glibc malloc settings the Docker image sets (`ENV MALLOC_…=…`); the bench's own environment overrides them. */
export function imageMallocEnv(): Record<string, string> {
  const text = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const line = /^ENV ((?:MALLOC_[A-Z_]+=\S+ ?)+)$/m.exec(text);
  return Object.fromEntries(
    (line?.[1] ?? '')
      .split(' ')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
}

export async function startCompiled(
  name: string,
  env: Record<string, string>,
  instance: string,
  o: StartOptions = {},
): Promise<BenchWorker> {
  const port = await freePort();
  // The image's V8 flags (production runs with them), then BENCH_NODE_OPTIONS: extra flags
  // (for example --cpu-prof to see where time goes, or other heap sizes to compare).
  const flags = [...imageNodeOptions(), ...(process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean)];
  const log = o.logFile ? openSync(o.logFile, 'a') : undefined;
  const child = spawn(process.execPath, [...flags, join(repoRoot, 'services', name, 'dist', 'main.js')], {
    cwd: repoRoot,
    env: {
      ...imageMallocEnv(),
      ...process.env,
      ...benchKeys,
      // The stack's SMTP sink speaks plain SMTP on loopback; production requires STARTTLS
      // unless told otherwise, so these runs say so explicitly, as an operator must.
      SMTP_REQUIRE_TLS: 'false',
      ...env,
      NODE_ENV: 'production',
      METRICS_PORT: String(port),
      INSTANCE_ID: instance,
      LOG_LEVEL: o.logLevel ?? 'info',
    },
    stdio: ['ignore', log ?? 'ignore', log ?? 'inherit'],
  });
  if (log !== undefined) closeSync(log);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode} while starting`);
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready after ${(o.readyTimeoutMs ?? 60_000) / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, child, port, exited };
}

export async function stopAll(workers: readonly BenchWorker[]): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}
