// Readings of a process from /proc (Linux): CPU seconds used so far (user + system)
// and its peak resident memory (VmHWM, the high-water mark the kernel keeps).
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds the whole machine has been busy so far, all cores and processes together (/proc/stat). */
export function machineCpuSeconds(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy = cpu.slice(0, 8).reduce((a, b, i) => (i === 3 || i === 4 ? a : a + b), 0);
    return busy / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds several processes use between start() and stop(). */
export class CpuMeter {
  private readonly start: Map<string, number>;
  constructor(private readonly pids: Record<string, number | undefined>) {
    this.start = new Map(Object.entries(pids).map(([k, p]) => [k, p === undefined ? Number.NaN : cpuSeconds(p)]));
  }

  used(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.pids).map(([k, p]) => [
        k,
        p === undefined ? Number.NaN : cpuSeconds(p) - (this.start.get(k) ?? 0),
      ]),
    );
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50, p95, p99 and the maximum of latencies sorted ascending (ms). */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(sorted: readonly number[]): LatencySummary {
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Repeated measurements of one figure: the median is the figure, min and max its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  count: number;
}

export function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
  return { median, min: s[0] ?? Number.NaN, max: s[s.length - 1] ?? Number.NaN, count: s.length };
}
