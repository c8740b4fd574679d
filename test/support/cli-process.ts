// Runs the operator CLI (services/ops/src/cli.ts) as a real child process (from its
// sources or compiled: service-entry.ts), with the stack's endpoints in its
// environment; resolves with its exit code and output once it exits.
import { spawn } from 'node:child_process';
import { repoRoot } from '@workers/devstack';
import { serviceEntry } from './service-entry';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Kills the CLI after this long: a hung command fails the test, it does not hang it. */
  timeoutMs?: number;
  /** Run the compiled dist/cli.js (true) or the sources (false); by default as service-entry.ts says. */
  compiled?: boolean;
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [...serviceEntry('ops', 'cli', opts.compiled), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** stdout as JSON lines (tail, dlq list) or one pretty-printed JSON document (request). */
export function jsonLines<T = Record<string, unknown>>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
