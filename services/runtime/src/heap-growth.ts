// How far V8 lets the old space grow before its next full collection. A worker runs
// with its old space capped low (the image's --max-old-space-size=160, Dockerfile), and
// under such a cap V8 grows the heap by its smallest factor, 1.1: in a burst it ran a
// full collection for every ~10 MB promoted, about once a second. Each one also dropped
// the optimized code of the short-lived callbacks (ours, kafkajs's, the MongoDB
// driver's: only the closures that die hold it), which TurboFan then compiled again.
//
// Growing by 75 % keeps most of the gain of fewer collections for less memory than
// doubling did, and less growth cost throughput (docs/benchmarks.md#heap-growing-percent).
// The cap still holds; live data stays far below it.
//
// V8 takes this flag on the command line but not from NODE_OPTIONS (node refuses it
// there), so the process sets it when it starts; an explicit --heap-growing-percent on
// the command line wins.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 75;

/** The V8 flag to set, or null when the command line already chose one. */
export function heapGrowthFlag(execArgv: readonly string[]): string | null {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return null;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

export function setHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}
