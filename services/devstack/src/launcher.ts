// Starts the supervisor as a child process and waits for its READY line. Used by
// `npm run stack -- up` (detached: it outlives the command) and by the test run's
// global setup (attached: it dies with the test run).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvFile } from './env-file';
import { isAlive } from './proc';
import { repoRoot, stackSources, statePaths } from './paths';
import { checkBrokers, stackArgs, stackOptionsFromEnv, type StackOptions } from './stack-options';

export interface Launched {
  child: ChildProcess;
  env: Record<string, string>;
}

const supervisorScript = join(stackSources, 'supervisor.ts');

/** A supervisor already running for this state dir, with its env, if any. */
export function runningStack(stateDir: string): { pid: number; env: Record<string, string> } | undefined {
  const p = statePaths(stateDir);
  if (!existsSync(p.supervisorPid)) return undefined;
  const pid = Number(readFileSync(p.supervisorPid, 'utf8'));
  const env = readEnvFile(p.envFile);
  return isAlive(pid) && env ? { pid, env } : undefined;
}

export interface LaunchOptions extends Partial<StackOptions> {
  /** How long to wait for every server (the first start downloads and builds). */
  timeoutMs?: number;
}

/**
 * Starts a supervisor for `stateDir`. Its shape: `opts.brokers` (1 or 3) and `opts.proxy`, each
 * defaulting to STACK_BROKERS / STACK_PROXY in this process's environment, else 1 broker, no proxy.
 */
export async function launch(
  stateDir: string,
  mode: 'attached' | 'detached',
  opts: LaunchOptions | number = {},
): Promise<Launched> {
  const o = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const timeoutMs = o.timeoutMs ?? 20 * 60_000;
  const fromEnv = stackOptionsFromEnv();
  const shape = { brokers: checkBrokers(o.brokers ?? fromEnv.brokers), proxy: o.proxy ?? fromEnv.proxy };
  const p = statePaths(stateDir);
  mkdirSync(p.logs, { recursive: true });
  const args = ['--import', 'tsx', supervisorScript, '--state-dir', stateDir, ...stackArgs(shape)];
  if (mode === 'attached') args.push('--attached');
  const out = openSync(join(p.logs, 'supervisor.log'), 'a');
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    detached: mode === 'detached',
    stdio: [mode === 'attached' ? 'pipe' : 'ignore', 'pipe', out],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`stack not ready after ${timeoutMs} ms; see ${p.logs}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /^STACK_(READY|FAILED) ?(.*)$/m.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack supervisor exited ${code} before it was ready; see ${p.logs}/supervisor.log`));
    });
  });
  if (line.startsWith('STACK_FAILED')) throw new Error(`${line.slice('STACK_FAILED '.length)} (logs: ${p.logs})`);
  if (mode === 'detached') {
    child.stdout?.destroy();
    child.unref();
  }
  return { child, env: readEnvFile(p.envFile) ?? {} };
}

/** SIGTERM to the supervisor and wait (bounded) until it and its servers are gone. */
export async function shutdown(stateDir: string, timeoutMs = 60_000): Promise<boolean> {
  const running = runningStack(stateDir);
  const p = statePaths(stateDir);
  const pid = running?.pid ?? (existsSync(p.supervisorPid) ? Number(readFileSync(p.supervisorPid, 'utf8')) : undefined);
  if (pid === undefined || !isAlive(pid)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
