// The console yields the CPU to the workers (issue 29: it must not slow them): at start
// it raises its own nice value to CONSOLE_NICE. On Linux a nice value belongs to each
// thread, and setpriority on the process changes only the calling one, so every thread
// that exists already (libuv's pool, V8's helpers) is lowered too; threads made later
// inherit it from the main thread. Never raises priority: a console started under a
// higher nice keeps it. A refusal is a warning, not a reason to stop.
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { ConsoleLogger } from './logger';

/** The ids of this process's threads (Linux), or just the process where /proc does not tell. */
function threads(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number).filter(Number.isInteger);
  } catch {
    return [process.pid];
  }
}

/** Sets the process's nice value to `nice` unless it is 0 (disabled) or the process runs at a lower priority already. */
export function lowerPriority(nice: number, logger: ConsoleLogger, ids: () => number[] = threads): void {
  if (nice === 0) {
    logger.info('console.priority', { nice: 0, lowered: false, reason: 'CONSOLE_NICE=0' });
    return;
  }
  try {
    const current = getPriority();
    if (current >= nice) {
      logger.info('console.priority', { nice: current, lowered: false });
      return;
    }
    for (const id of ids()) {
      try {
        setPriority(id, nice);
      } catch (err) {
        // A thread that ended since it was listed (Node's SystemError names the errno in `info`).
        if ((err as { info?: { code?: string } }).info?.code !== 'ESRCH') throw err;
      }
    }
    logger.info('console.priority', { nice, lowered: true });
  } catch (err) {
    logger.warn('console.priority', { nice, lowered: false, error: err instanceof Error ? err.message : String(err) });
  }
}
