// What the replies' arrival times say about a run: the longest time nobody was
// answered while requests were outstanding, and the answering rate before, during
// and after each fault. Pure: arrival times in, figures out.
import type { FaultRecord } from './faults';

/**
 * The longest time (ms) within [from, to] during which requests were outstanding (sent,
 * fewer answered) and no answer came: a gap between answers counts only from when
 * something was waiting, so a pause in sending is not a pause in answering.
 */
export function longestPause(
  arrivals: readonly number[],
  sends: readonly number[],
  from: number,
  to: number,
): { ms: number; at: number } {
  const events = [...sends.map((t) => ({ t, d: 1 })), ...arrivals.map((t) => ({ t, d: -1 }))].sort(
    (a, b) => a.t - b.t || b.d - a.d,
  );
  let outstanding = 0;
  let since: number | undefined;
  let best = { ms: 0, at: from };
  const close = (t: number): void => {
    if (since === undefined) return;
    const start = Math.max(since, from);
    const end = Math.min(t, to);
    if (end - start > best.ms) best = { ms: end - start, at: start };
  };
  for (const e of events) {
    if (e.t > to) break;
    if (e.d < 0) {
      close(e.t);
      outstanding = Math.max(0, outstanding - 1);
      since = outstanding > 0 ? e.t : undefined;
    } else {
      outstanding++;
      since ??= e.t;
    }
  }
  if (outstanding > 0) close(to);
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

/**
 * A Markdown table: each fault with the replies per second (as read) in the 10 s before it, during
 * it and the 10 s after, and its longest wait with nothing answered twice: as the reader read the
 * replies (`arrivals`) and as the workers produced them (`produced`, the replies' own timestamps).
 */
export function faultTable(
  faults: readonly FaultRecord[],
  arrivals: readonly number[],
  sends: readonly number[],
  runStart: number,
  produced: readonly number[] = arrivals,
): string[] {
  const r = (a: number, b: number): string => rate(arrivals, a, b).toFixed(0);
  return [
    '| fault | at (answered) | began (s into the run) | took | replies/s 10 s before | during | 10 s after | longest wait with nothing answered, during: as read | as produced |',
    '|---|---|---|---|---|---|---|---|---|',
    ...faults.map((f) => {
      const end = f.startedAt + f.ms;
      const pause = longestPause(arrivals, sends, f.startedAt, end);
      const made = longestPause(produced, sends, f.startedAt, end);
      return `| ${f.what} | ${Math.round(f.at * 100)} % | ${((f.startedAt - runStart) / 1000).toFixed(0)} | ${(f.ms / 1000).toFixed(1)} s | ${r(f.startedAt - WINDOW_MS, f.startedAt)} | ${r(f.startedAt, end)} | ${r(end, end + WINDOW_MS)} | ${(pause.ms / 1000).toFixed(1)} s | ${(made.ms / 1000).toFixed(1)} s |`;
    }),
  ];
}
