// What the replies' arrival times say about a run: the longest time nobody was
// answered while requests were outstanding, and the answering rate before, during
// and after each fault. Pure: arrival times in, figures out.
import type { FaultRecord } from './faults';

/** The longest gap (ms) between consecutive arrivals in [from, to], counting from `from`. */
export function longestPause(arrivals: readonly number[], from: number, to: number): { ms: number; at: number } {
  let prev = from;
  let best = { ms: 0, at: from };
  for (const t of arrivals) {
    if (t < from) continue;
    if (t > to) break;
    if (t - prev > best.ms) best = { ms: t - prev, at: prev };
    prev = t;
  }
  return best;
}

/** Replies per second in [from, to). */
export function rate(arrivals: readonly number[], from: number, to: number): number {
  if (to <= from) return 0;
  let n = 0;
  for (const t of arrivals) if (t >= from && t < to) n++;
  return n / ((to - from) / 1000);
}

const WINDOW_MS = 10_000;

/** A Markdown table: each fault with the replies per second in the 10 s before it, during it and the 10 s after. */
export function faultTable(faults: readonly FaultRecord[], arrivals: readonly number[], runStart: number): string[] {
  const r = (a: number, b: number): string => rate(arrivals, a, b).toFixed(0);
  return [
    '| fault | at (answered) | began (s into the run) | took | replies/s 10 s before | during | 10 s after | longest pause during |',
    '|---|---|---|---|---|---|---|---|',
    ...faults.map((f) => {
      const end = f.startedAt + f.ms;
      const pause = longestPause(arrivals, f.startedAt, end);
      return `| ${f.what} | ${Math.round(f.at * 100)} % | ${((f.startedAt - runStart) / 1000).toFixed(0)} | ${(f.ms / 1000).toFixed(1)} s | ${r(f.startedAt - WINDOW_MS, f.startedAt)} | ${r(f.startedAt, end)} | ${r(end, end + WINDOW_MS)} | ${(pause.ms / 1000).toFixed(1)} s |`;
    }),
  ];
}
