// One fetched partition batch: bounded chunks, each computed (request-chunk.ts or
// event-chunk.ts) and committed with its offset in one transaction, through the
// partition's commit queue: the next chunk (of this batch or of the next fetch) is
// computed while the previous one commits, and commits stay in offset order with at
// most one in flight. Transient failures are retried (retry.ts); a partition lost
// to another process drops what is in hand uncommitted; a stop finishes the chunk
// in hand and its commit, and starts no other.
//
// No poison pill, and no wave of them: when a chunk fails in a way no retry changes,
// its messages are tried one by one (isolate.ts), and one that fails alone is
// dead-lettered, unless a dependency is down (outage.ts): then the partition waits.
import { sleep } from '../backoff';
import { PartitionLostError, type InMessage, type OutMessage, type PartitionSession } from '../transport';
import { clip } from './bounds';
import type { CommitQueue } from './commit-queue';
import { isolate, where, type IsolateOptions } from './isolate';
import { retrying } from './retry';
import { observeWait } from './wait';
import { logTimed, startTiming, type ChunkTiming } from './chunk-timing';

export interface PartitionOptions extends IsolateOptions {
  maxChunk: number;
}

/** Computes a chunk's output; `timing`, when given, receives its steps' ms. */
type ChunkFn = (chunk: readonly InMessage[], timing?: ChunkTiming) => Promise<OutMessage[]>;

/** A log line's fields for the chunk from `first` that failed with `err` (`extra` before the error). */
const failedAt = (first: InMessage, err: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  topic: first.topic,
  partition: first.partition,
  offset: first.offset,
  ...extra,
  error: clip(err instanceof Error ? err.message : String(err)),
});

/** Logs the partition stalled at `first`, then waits the longest retry delay (capMs) before going on. */
async function stall(first: InMessage, err: unknown, o: PartitionOptions): Promise<void> {
  o.logger.error('partition.stalled', failedAt(first, err));
  await sleep(o.retry.capMs, o.signal).catch(() => undefined);
}

/** Computes and commits `msg` alone (the isolation of a chunk that failed for good). */
function alone(fn: ChunkFn, session: PartitionSession, o: PartitionOptions): (msg: InMessage) => Promise<void> {
  return async (msg) => commit([msg], await compute([msg], fn, session, o), session, o);
}

async function compute(
  chunk: readonly InMessage[],
  fn: ChunkFn,
  session: PartitionSession,
  o: PartitionOptions,
  timing?: ChunkTiming,
): Promise<OutMessage[]> {
  const out = await retrying(`process ${where(chunk)}`, chunk[0]!.topic, () => fn(chunk, timing), session, o);
  if (timing) timing.computedAt = Date.now();
  return out;
}

/**
 * One transaction, observed as the steps produce (what the transport says sending `out` took)
 * and commit (the rest, retries included); with `timing`, logged as `chunk.timed` once done.
 */
async function commit(
  chunk: readonly InMessage[],
  out: OutMessage[],
  session: PartitionSession,
  o: PartitionOptions,
  timing?: ChunkTiming,
): Promise<void> {
  const last = chunk[chunk.length - 1]!;
  const startedAt = Date.now();
  const started = performance.now();
  const { produceMs } = await retrying(
    `commit ${where(chunk)}`,
    last.topic,
    () => session.commit(out, last.offset),
    session,
    o,
  );
  const ms = performance.now() - started;
  const commitMs = Math.max(0, ms - produceMs);
  o.metrics.commitDuration.observe({ topic: last.topic }, ms / 1000);
  o.metrics.step.observe({ topic: last.topic, step: 'produce' }, produceMs / 1000);
  o.metrics.step.observe({ topic: last.topic, step: 'commit' }, commitMs / 1000);
  o.metrics.batchSize.observe({ topic: last.topic }, chunk.length);
  if (timing) logTimed(o.logger, chunk, timing, { startedAt, produceMs, commitMs });
}

/**
 * Commits a computed chunk; when that fails for good, tries its messages one by one.
 * Never rejects: a partition lost or a stop drops the chunk and rewinds to it (a no-op
 * once another generation owns the partition); a failure that not even a dead letter
 * gets past rewinds too, holds the partition (not ready) and lets it be fetched again.
 */
async function settle(
  chunk: readonly InMessage[],
  out: OutMessage[],
  fn: ChunkFn,
  session: PartitionSession,
  queue: CommitQueue,
  o: PartitionOptions,
  timing?: ChunkTiming,
): Promise<void> {
  const first = chunk[0]!;
  const stalled = `stalled ${first.topic}[${first.partition}]`;
  try {
    try {
      await commit(chunk, out, session, o, timing);
    } catch (err) {
      if (err instanceof PartitionLostError || o.signal.aborted || !session.owned()) throw err;
      o.logger.warn('chunk.isolating', failedAt(first, err, { count: chunk.length }));
      await isolate(chunk, alone(fn, session, o), session, o);
    }
    o.setDegraded(stalled, null);
  } catch (err) {
    queue.drop();
    // The chunk (and what followed it) was released: if this process still holds the
    // partition in this generation (say, paused after a fencing), it must come again.
    session.rewind(first.offset);
    if (err instanceof PartitionLostError || !session.owned()) {
      o.logger.warn('partition.lost', failedAt(first, err));
    } else if (!o.signal.aborted) {
      o.setDegraded(stalled, err instanceof Error ? err.name : 'unknown');
      await stall(first, err, o);
    }
  }
}

export async function runPartition(
  messages: readonly InMessage[],
  fn: ChunkFn,
  session: PartitionSession,
  queue: CommitQueue,
  o: PartitionOptions,
): Promise<void> {
  const epoch = queue.epoch;
  for (let i = 0; i < messages.length; i += o.maxChunk) {
    if (!session.running() || !session.owned() || o.signal.aborted || queue.epoch !== epoch) return;
    const chunk = messages.slice(i, i + o.maxChunk);
    observeWait(chunk, o.metrics);
    const timing = startTiming(o.logger);
    let task: () => Promise<void>;
    try {
      const out = await compute(chunk, fn, session, o, timing);
      task = () => settle(chunk, out, fn, session, queue, o, timing);
    } catch (err) {
      // Lost, stopped, or a failure of the computation itself that no retry changes:
      // the commit step isolates the messages (computing each alone) and dead-letters.
      if (err instanceof PartitionLostError || o.signal.aborted || !session.owned()) return;
      task = () => isolateAll(chunk, fn, session, queue, o, err);
    }
    await queue.push(epoch, task);
    // Its commit (or its isolation) is under way: the transport may fetch what follows
    // meanwhile, never this chunk again (a second pass would answer it twice).
    session.release(chunk[chunk.length - 1]!.offset);
  }
}

async function isolateAll(
  chunk: readonly InMessage[],
  fn: ChunkFn,
  session: PartitionSession,
  queue: CommitQueue,
  o: PartitionOptions,
  err: unknown,
): Promise<void> {
  const first = chunk[0]!;
  o.logger.warn('chunk.isolating', failedAt(first, err, { count: chunk.length }));
  try {
    await isolate(chunk, alone(fn, session, o), session, o);
  } catch (e) {
    queue.drop();
    session.rewind(first.offset);
    if (!(e instanceof PartitionLostError) && !o.signal.aborted && session.owned()) await stall(first, e, o);
  }
}
