// Child-process helpers for the native stack: every server runs as a child whose
// output goes to a log file, and whose pid is written so a later `down` (or a later
// start after a crash of the supervisor) can stop it even if we no longer hold it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts `cmd` detached from our signals' process group is not needed: children die with us via stop(). */
export function spawnLogged(
  name: string,
  cmd: string,
  args: string[],
  opts: { logDir: string; pidDir: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Managed {
  mkdirSync(opts.logDir, { recursive: true });
  mkdirSync(opts.pidDir, { recursive: true });
  const log = createWriteStream(join(opts.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (child.pid !== undefined) writeFileSync(join(opts.pidDir, `${name}.pid`), String(child.pid));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      rmSync(join(opts.pidDir, `${name}.pid`), { force: true });
      resolve(code);
    });
    child.once('error', () => resolve(null));
  });
  return { name, child, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
export async function stopManaged(m: Managed, graceMs = 10_000): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  m.child.kill('SIGTERM');
  const timer = setTimeout(() => m.child.kill('SIGKILL'), graceMs);
  await m.exited;
  clearTimeout(timer);
}

/** SIGKILL at once; resolves once the process is gone. */
export async function killManaged(m: Managed): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  m.child.kill('SIGKILL');
  await m.exited;
}

/** True while the process has neither exited nor died of a signal. */
export function managedRunning(m: Managed | undefined): m is Managed {
  return m !== undefined && m.child.exitCode === null && m.child.signalCode === null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills processes named by leftover pid files (a supervisor that was SIGKILLed leaves them). */
export function killStalePids(pidDir: string): void {
  if (!existsSync(pidDir)) return;
  for (const f of readdirSync(pidDir)) {
    const pid = Number(readFileSync(join(pidDir, f), 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    rmSync(join(pidDir, f), { force: true });
  }
}

export { freePort } from './free-port';

/**
 * Polls `probe` until it resolves truthy. Throws with the last probe error after `timeoutMs`,
 * or at once if `failFast` reports the server process died.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; failFast?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    const dead = opts.failFast?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready after ${opts.timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}

/** Runs a build/download command to completion, its output appended to a log. */
export function runToCompletion(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', reject);
    // 'close' (the output read to its end), then the log written and closed: the log is whole when this settles.
    child.once('close', (code) => {
      log.end(() => {
        if (code === 0) resolve();
        else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}; see ${opts.logFile}`));
      });
    });
  });
}
