// Where one chunk's time went, written as the debug line `chunk.timed` once its commit succeeded
// (issue 29: the stages of the slowest requests, joined to their `request.processed` lines by
// partition and offset). Only offsets, counts and times: never a payload. Nothing of it is built
// unless debug lines are written, so a worker at info pays nothing for it.
import type { Logger } from '../logger';
import type { ChunkStep } from '../names';
import type { InMessage } from '../transport';

/** The steps of a chunk's computation (request-chunk.ts), each timed by stepTimer. */
export type ComputeStep = Extract<ChunkStep, 'decode' | 'read' | 'apply' | 'record' | 'encode'>;

export interface ChunkTiming {
  /** When the chunk's computation began (epoch ms; its first attempt, when it was retried). */
  readonly startedAt: number;
  /** When its computation ended (epoch ms): from there it waits for the commit before it. */
  computedAt?: number;
  /** Each step's ms (the last attempt's). An event chunk times none. */
  readonly ms: Partial<Record<ComputeStep, number>>;
}

/** A timing for a chunk starting now, or none when the logger writes no debug line. */
export function startTiming(logger: Logger): ChunkTiming | undefined {
  return logger.enabled('debug') ? { startedAt: Date.now(), ms: {} } : undefined;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** The commit of a timed chunk: when it began (epoch ms) and its two parts (ms). */
export interface CommitTiming {
  startedAt: number;
  produceMs: number;
  commitMs: number;
}

export function logTimed(logger: Logger, chunk: readonly InMessage[], t: ChunkTiming, c: CommitTiming): void {
  const first = chunk[0]!;
  const steps: Record<string, number> = {};
  for (const [step, ms] of Object.entries(t.ms)) steps[`${step}Ms`] = round(ms);
  logger.debug('chunk.timed', {
    topic: first.topic,
    partition: first.partition,
    firstOffset: first.offset,
    lastOffset: chunk[chunk.length - 1]!.offset,
    count: chunk.length,
    ...(first.fetchedAt === undefined ? {} : { fetchedAt: first.fetchedAt }),
    startedAt: t.startedAt,
    ...steps,
    // Behind the commit of the chunk before it (the pipeline of commit-queue.ts).
    queuedMs: Math.max(0, c.startedAt - (t.computedAt ?? c.startedAt)),
    produceMs: round(c.produceMs),
    commitMs: round(c.commitMs),
    committedAt: Date.now(),
  });
}
