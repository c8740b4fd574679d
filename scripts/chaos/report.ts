// A run's figures as a Markdown section of docs/reliability.md: when, on what
// machine, with which options (the seed replays the mix), the faults and the figures.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import type { Command } from 'commander';
import { printFigures, type Figure } from './figures';

export interface Section {
  title: string;
  date: string;
  machine: string;
  options: string;
  /** Extra lines before the figures (the faults, say). */
  notes?: string[];
  figures: Figure[];
}

export function markdown(s: Section): string {
  const cell = (v: string): string => v.replace(/\|/g, '\\|');
  return [
    `### ${s.title}, ${s.date}`,
    '',
    `${s.machine}; ${s.options}.`,
    '',
    ...(s.notes && s.notes.length > 0 ? [...s.notes, ''] : []),
    '| check | measured | |',
    '|---|---|---|',
    ...s.figures.map(
      (f) =>
        `| ${'↳ '.repeat(Math.floor((f.name.length - f.name.trimStart().length) / 2))}${cell(f.name.trim())} | ${cell(f.value)} | ${f.ok ? 'ok' : '**MISS**'} |`,
    ),
    '',
  ].join('\n');
}

export function appendToDocs(s: Section): void {
  appendFileSync(join(repoRoot, 'docs/reliability.md'), `\n${markdown(s)}`);
}

/** Prints a run's notes and figures (and its result line with --json), appends them to the docs unless --no-write, and sets the exit code. */
export function finish(
  section: Section,
  o: { write: boolean; json: boolean; resultTag: string; say: (line: string) => void },
): void {
  for (const n of section.notes ?? []) o.say(n);
  printFigures(`${section.title} (${section.options})`, section.figures, o.say);
  if (o.json) process.stdout.write(`${o.resultTag} ${JSON.stringify(section)}\n`);
  if (o.write) {
    appendToDocs(section);
    o.say('appended to docs/reliability.md');
  }
  process.exitCode = section.figures.every((f) => f.ok) ? 0 : 1;
}

/** The options every run takes: its seed and processes per worker, and how it reports. */
export function runOptions(cmd: Command, processes: string): Command {
  return cmd
    .option('--seed <n>', 'seed of the generated messages (replays a run)', '1')
    .option('--processes <n>', 'processes per worker', processes)
    .option('--json', 'also print the result as one <RUN>_RESULT line')
    .option('--no-write', 'print only; do not append to docs/reliability.md');
}
