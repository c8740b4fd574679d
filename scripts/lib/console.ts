// The operator console as a child process of `npm start` / `npm run console`: run
// from its sources, told where each worker's metrics port is, and resolved once it
// printed the address it listens on. Its JSON log lines pass through or are dropped.
// On the local stack, without CONSOLE_TOKEN, a token is made for the run (every page
// needs it) and printed once with the sign-in address.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';

export interface RunningConsole {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Resolves with the console's address; rejects when it exits first (its reason is on stderr, passed through). */
export function startConsole(env: NodeJS.ProcessEnv, output: 'inherit' | 'ignore'): Promise<RunningConsole> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(repoRoot, 'services/console/src/main.ts')],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', output, 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      process.stderr.write(text);
      seen += text;
      const m = /^console: (http:\/\/\S+)/m.exec(seen);
      if (m?.[1]) resolve({ child, url: m[1], exited });
    });
    void exited.then((code) => reject(new Error(`the console exited ${code} while starting`)));
  });
}

/** CONSOLE_TOKEN when set; on the local stack a fresh one for this run (32 random bytes, 64 hex digits). */
export function consoleToken(env: NodeJS.ProcessEnv, local: boolean): { token?: string; made: boolean } {
  if (env.CONSOLE_TOKEN) return { token: env.CONSOLE_TOKEN, made: false };
  return local ? { token: randomBytes(32).toString('hex'), made: true } : { made: false };
}

/** The line an operator needs to get in: where to sign in, and the token when it was made here. */
export function signInLine(url: string, t: { token?: string; made: boolean }): string {
  const base = url.endsWith('/') ? url : `${url}/`;
  if (!t.token) return `operator console on ${base} (no CONSOLE_TOKEN: open to this machine only, read-only)`;
  return `operator console: sign in at ${base}login${t.made ? ` with this token (this run only): ${t.token}` : ' with CONSOLE_TOKEN'}`;
}
