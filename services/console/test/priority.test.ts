// The console yields the CPU to the workers: every thread of its process gets
// CONSOLE_NICE (on Linux a nice value is per thread); 0 changes nothing; it never raises
// its priority; a refusal is a warning, not a failure to start. Logged once, with the value.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import type { ConsoleLogger } from '../src/logger';
import { lowerPriority } from '../src/priority';

function recorder(): { logger: ConsoleLogger; lines: [string, string, Record<string, unknown> | undefined][] } {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at =
    (level: string) =>
    (event: string, fields?: Record<string, unknown>): void => {
      lines.push([level, event, fields]);
    };
  return {
    logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), enabled: () => true },
    lines,
  };
}

/** Each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat, 17th after the command). */
const niceOfThreads = (): number[] =>
  readdirSync('/proc/self/task').map((t) => {
    const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });

const linux = process.platform === 'linux' ? test : test.skip;

linux('every thread of the process, not only the main one, gets the nice value; never raised again', () => {
  const target = Math.max(getPriority(), 3) + 1;
  const { logger, lines } = recorder();
  lowerPriority(target, logger);
  expect(lines).toEqual([['info', 'console.priority', { nice: target, lowered: true }]]);
  expect(niceOfThreads().every((n) => n === target)).toBe(true);

  const again = recorder();
  lowerPriority(target - 1, again.logger);
  expect(again.lines).toEqual([['info', 'console.priority', { nice: target, lowered: false }]]);
  expect(getPriority()).toBe(target);
});

test('CONSOLE_NICE=0 leaves the priority as it is', () => {
  const before = getPriority();
  const { logger, lines } = recorder();
  lowerPriority(0, logger, () => {
    throw new Error('not asked');
  });
  expect(getPriority()).toBe(before);
  expect(lines).toEqual([['info', 'console.priority', { nice: 0, lowered: false, reason: 'CONSOLE_NICE=0' }]]);
});

test('a refusal is a warning with the value, and the console goes on', () => {
  const { logger, lines } = recorder();
  expect(() =>
    lowerPriority(19, logger, () => {
      throw new Error('EACCES');
    }),
  ).not.toThrow();
  expect(lines).toEqual([['warn', 'console.priority', { nice: 19, lowered: false, error: 'EACCES' }]]);
});
