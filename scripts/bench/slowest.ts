// Where the slowest 1 % of a latency phase's requests spent their time (issue 29), from the
// workers' own log lines joined with the bench's send stamps and a reader's read stamps:
// `request.processed` (and `request.replayed`) say where each request lay (topic, partition,
// offset), and `chunk.timed` (debug, services/runtime/src/engine/chunk-timing.ts) says what its
// chunk's time went to. A request sent twice is paired in order: its k-th send with its k-th read
// and the k-th offset it was found at. The stages follow one another, so they add up to the
// latency; `other` is what they leave (a retried computation, the gaps between steps).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SendLog } from '../lib/request-sender';
import type { Arrivals } from './outside-join';

/** One request's time (ms), from the bench's send to a reader's read, stage by stage. */
export const STAGES = [
  'fetch', // sent → kafkajs handing its batch to the worker
  'queue', // → its chunk starting (the chunks before it in the batch)
  'decode',
  'read',
  'apply',
  'record',
  'encode',
  'behind', // → its transaction starting (the commit of the chunk before it)
  'produce',
  'commit',
  'visible', // committed → read by the reader
  'other',
] as const;
export type Stage = (typeof STAGES)[number];

/** A chunk as its `chunk.timed` line gives it. */
export interface TimedChunk {
  first: bigint;
  last: bigint;
  fetchedAt: number;
  startedAt: number;
  committedAt: number;
  ms: Record<'decode' | 'read' | 'apply' | 'record' | 'encode' | 'behind' | 'produce' | 'commit', number>;
}

interface Place {
  key: string;
  offset: bigint;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The lines of the workers' log the breakdown needs, indexed. Other lines (and non-JSON ones) are skipped. */
export class WorkerLog {
  private readonly places = new Map<string, Place[]>();
  private readonly chunks = new Map<string, TimedChunk[]>();

  /** `wanted`: the requestIds whose places to keep (the phases' own), so a long log is not all held. */
  constructor(private readonly wanted?: (requestId: string) => boolean) {}

  add(line: string): void {
    const timed = line.includes('"chunk.timed"');
    if (!timed && !line.includes('"request.processed"') && !line.includes('"request.replayed"')) return;
    let l: Record<string, unknown>;
    try {
      l = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const key = `${String(l.topic)}:${String(l.partition)}`;
    if (l.event === 'chunk.timed') {
      if (typeof l.firstOffset !== 'string' || typeof l.lastOffset !== 'string') return;
      const c: TimedChunk = {
        first: BigInt(l.firstOffset),
        last: BigInt(l.lastOffset),
        fetchedAt: num(l.fetchedAt ?? l.startedAt),
        startedAt: num(l.startedAt),
        committedAt: num(l.committedAt),
        ms: {
          decode: num(l.decodeMs),
          read: num(l.readMs),
          apply: num(l.applyMs),
          record: num(l.recordMs),
          encode: num(l.encodeMs),
          behind: num(l.queuedMs),
          produce: num(l.produceMs),
          commit: num(l.commitMs),
        },
      };
      const list = this.chunks.get(key);
      if (list) list.push(c);
      else this.chunks.set(key, [c]);
    } else if (l.event === 'request.processed' || l.event === 'request.replayed') {
      const id = l.requestId;
      if (typeof id !== 'string' || typeof l.offset !== 'string' || (this.wanted && !this.wanted(id))) return;
      const offset = BigInt(l.offset);
      const list = this.places.get(id) ?? [];
      // A chunk computed again (its commit retried elsewhere, a redelivery) logs the same offset twice.
      if (!list.some((p) => p.key === key && p.offset === offset)) list.push({ key, offset });
      this.places.set(id, list);
    }
  }

  /** The chunk that committed the `k`-th (in offset order) message of `requestId`, if it was timed. */
  chunkOf(requestId: string, k: number): TimedChunk | undefined {
    const places = [...(this.places.get(requestId) ?? [])].sort((a, b) =>
      a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0,
    );
    const p = places[k];
    if (!p) return undefined;
    const list = this.chunks.get(p.key) ?? [];
    // The last one to commit it: a chunk dropped uncommitted logs nothing, so only a later generation repeats one.
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i]!;
      if (c.first <= p.offset && p.offset <= c.last) return c;
    }
    return undefined;
  }
}

/** One request's stages, from its send and read stamps and its chunk. */
export function stagesOf(sentAt: number, readAt: number, c: TimedChunk): Record<Stage, number> {
  const s: Record<Stage, number> = {
    fetch: c.fetchedAt - sentAt,
    queue: c.startedAt - c.fetchedAt,
    ...c.ms,
    visible: readAt - c.committedAt,
    other: 0,
  };
  let sum = 0;
  for (const st of STAGES) sum += s[st];
  s.other = readAt - sentAt - sum;
  return s;
}

export interface Breakdown {
  /** Requests of the phase with a send and a read. */
  requests: number;
  /** The slowest 1 % of them (at least one). */
  slowest: number;
  /** Of those, how many were found in a `chunk.timed` line (the figures are theirs). */
  timed: number;
  /**
   * Of those, how many were sent in the phase's first EARLY_MS: a tail that gathers there is the
   * worker and the broker meeting a load's code paths for the first time (JIT), not the steady load.
   */
  early: number;
  latency: { mean: number; max: number };
  mean: Record<Stage, number>;
  max: Record<Stage, number>;
}

/** The start of a phase whose slowest requests are counted apart (Breakdown.early). */
export const EARLY_MS = 2_000;

/** The slowest `share` of a phase's requests (by read − sent), and the mean and max of each stage over those timed. */
export function breakdown(log: WorkerLog, sent: SendLog, read: Arrivals, share = 0.01): Breakdown {
  const all: { id: string; k: number; sentAt: number; readAt: number }[] = [];
  for (const [id, times] of sent) {
    const reads = read.get(id) ?? [];
    times.forEach((sentAt, k) => {
      const readAt = reads[k];
      if (readAt !== undefined) all.push({ id, k, sentAt, readAt });
    });
  }
  all.sort((a, b) => b.readAt - b.sentAt - (a.readAt - a.sentAt));
  const slow = all.slice(0, Math.max(1, Math.ceil(all.length * share)));
  const firstSent = all.reduce((m, r) => Math.min(m, r.sentAt), Number.POSITIVE_INFINITY);
  const early = slow.filter((r) => r.sentAt < firstSent + EARLY_MS).length;
  const zero = (): Record<Stage, number> => Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const mean = zero();
  const max = Object.fromEntries(STAGES.map((s) => [s, Number.NEGATIVE_INFINITY])) as Record<Stage, number>;
  const latency = { mean: 0, max: Number.NEGATIVE_INFINITY };
  let timed = 0;
  for (const r of slow) {
    const c = log.chunkOf(r.id, r.k);
    if (!c) continue;
    timed++;
    const s = stagesOf(r.sentAt, r.readAt, c);
    for (const st of STAGES) {
      mean[st] += s[st];
      max[st] = Math.max(max[st], s[st]);
    }
    latency.mean += r.readAt - r.sentAt;
    latency.max = Math.max(latency.max, r.readAt - r.sentAt);
  }
  for (const st of STAGES) {
    mean[st] = timed ? mean[st] / timed : Number.NaN;
    if (!timed) max[st] = Number.NaN;
  }
  latency.mean = timed ? latency.mean / timed : Number.NaN;
  if (!timed) latency.max = Number.NaN;
  return { requests: all.length, slowest: all.length ? slow.length : 0, timed, early, latency, mean, max };
}

/** Reads the workers' log file; undefined if it cannot be read. */
export async function readWorkerLog(
  file: string,
  wanted?: (requestId: string) => boolean,
): Promise<WorkerLog | undefined> {
  const log = new WorkerLog(wanted);
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) log.add(line);
  } catch {
    return undefined;
  }
  return log;
}

/** A latency phase of a worker: its sends and the reads of the reader that stands for reply consumers. */
export interface Phase {
  phase: string;
  /** Which reader's stamps `read` holds. */
  reader: 'outside' | 'bench';
  sent: SendLog;
  read: Arrivals;
}

/** A phase read by the outside reader when it read every reply (`outside` then given), else by the bench's own. */
export function readerPhase(
  phase: string,
  sent: SendLog,
  outside: { arrivals: Arrivals } | undefined | false,
  bench: { arrivals: Arrivals },
): Phase {
  return outside
    ? { phase, reader: 'outside', sent, read: outside.arrivals }
    : { phase, reader: 'bench', sent, read: bench.arrivals };
}

export interface SlowestRow {
  worker: string;
  phase: string;
  reader: 'outside' | 'bench';
  b: Breakdown;
}

/** The breakdown of each phase of `worker`, from the log `file` (none when it cannot be read). */
export async function slowestOf(file: string, worker: string, phases: readonly Phase[]): Promise<SlowestRow[]> {
  const log = await readWorkerLog(file, (id) => phases.some((p) => p.sent.has(id)));
  if (!log) return [];
  return phases.map((p) => ({ worker, phase: p.phase, reader: p.reader, b: breakdown(log, p.sent, p.read) }));
}

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** The Markdown table "Where the slowest 1 % of requests went", or nothing when no phase has one. */
export function slowestTable(rows: readonly SlowestRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    "Where the slowest 1 % of requests went (ms, mean / max over those of each latency phase; from the bench's send to the read of the named reader). `fetch`: until kafkajs handed the batch to the worker; `queue`: until its chunk started; decode … encode: the chunk's steps; `behind`: waiting for the commit of the chunk before it; `produce`, `commit`: the Kafka transaction; `visible`: from the commit to the read; `other`: what the stages leave (a chunk computed again). From the workers' `chunk.timed` lines (LOG_LEVEL=debug); \"timed\": how many of the slowest were found in one;" +
      ` "first ${EARLY_MS / 1000} s": how many of them were sent in the phase's first ${EARLY_MS / 1000} seconds:`,
    '',
    `| worker | phase | reader | slowest (timed) | first ${EARLY_MS / 1000} s | latency | ${STAGES.join(' | ')} |`,
    `|---|---|---|---|---|---|${STAGES.map(() => '---').join('|')}|`,
    ...rows.map(
      ({ worker, phase, reader, b }) =>
        `| ${worker} | ${phase} | ${reader} | ${b.slowest} of ${b.requests} (${b.timed}) | ${b.early} | ${f(b.latency.mean)} / ${f(b.latency.max)} | ${STAGES.map((s) => `${f(b.mean[s])} / ${f(b.max[s])}`).join(' | ')} |`,
    ),
    '',
  ];
}
