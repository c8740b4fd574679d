// Runs `npm run chaos` or `npm run fuzz` (scripts/chaos, scripts/fuzz) as a child
// process against this test run's stack (its endpoints are in the environment) and
// reads the result line it prints with --json. The workers it starts are the
// compiled ones (services/<worker>/dist), which `npm test` builds first.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';

export interface RunFigure {
  name: string;
  value: string;
  ok: boolean;
}

export interface RunResult {
  code: number | null;
  figures: RunFigure[];
  /** Everything the run printed (shown when it fails). */
  output: string;
}

export async function reliabilityRun(
  script: 'chaos' | 'fuzz',
  args: string[],
  timeoutMs = 170_000,
): Promise<RunResult> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      join(repoRoot, 'scripts', script, 'main.ts'),
      ...args,
      '--json',
      '--no-write',
    ],
    {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  const line = output.split('\n').find((l) => l.startsWith(`${script.toUpperCase()}_RESULT `));
  const figures = line ? (JSON.parse(line.slice(script.length + 8)) as { figures: RunFigure[] }).figures : [];
  process.stdout.write(
    `[${script}] ${output
      .split('\n')
      .filter((l) => !l.includes('_RESULT '))
      .join('\n')}\n`,
  );
  return { code, figures, output };
}

/** The figures that missed, as "name: value" (an empty list when the run passed). */
export const misses = (r: RunResult): string[] => r.figures.filter((f) => !f.ok).map((f) => `${f.name}: ${f.value}`);

/** The measured value of the figure whose name starts with `name`. */
export const figureValue = (r: RunResult, name: string): string | undefined =>
  r.figures.find((f) => f.name.trim().startsWith(name))?.value;
