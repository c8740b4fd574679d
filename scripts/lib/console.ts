// The operator console as a child process of `npm start` / `npm run console`: run
// from its sources, told where each worker's metrics port is, and resolved once it
// printed the address it listens on. Its JSON log lines pass through or are dropped.
import { spawn, type ChildProcess } from 'node:child_process';
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
