// One fetched partition batch: bounded chunks, each computed (request-chunk.ts or
// event-chunk.ts) and committed with its offset in one transaction. Transient
// failures are retried (retry.ts); a partition lost to another process drops the
// chunk in hand uncommitted; a stop finishes the chunk in hand and starts no other.
//
// No poison pill: when a chunk fails in a way no retry changes (say its replies
// cannot be written), each of its messages is tried alone, and one that fails the
// same way again is dead-lettered with its origin and the error, with a fallback
// reply where one can be built, so the partition moves past it.
import { sleep } from '../backoff';
import { deadLetter } from '../dead-letter';
import { isTransient } from '../transient';
import { PartitionLostError, type InMessage, type OutMessage, type PartitionSession } from '../transport';
import { clip } from './bounds';
import type { RetryOptions } from './retry';
import { retrying } from './retry';

export interface PartitionOptions extends RetryOptions {
  maxChunk: number;
  dlqTopic: string;
  now(): number;
  /** The fallback reply of a message whose own answer cannot be delivered, if one can be built. */
  fallback(msg: InMessage, error: string): Promise<OutMessage | null>;
}

type ChunkFn = (chunk: readonly InMessage[]) => Promise<OutMessage[]>;

async function commitChunk(chunk: readonly InMessage[], fn: ChunkFn, session: PartitionSession, o: PartitionOptions): Promise<void> {
  const last = chunk[chunk.length - 1]!;
  const where = `${last.topic}[${last.partition}]@${chunk[0]!.offset}-${last.offset}`;
  const out = await retrying(`process ${where}`, last.topic, () => fn(chunk), session, o);
  const started = Date.now();
  await retrying(`commit ${where}`, last.topic, () => session.commit(out, last.offset), session, o);
  o.metrics.commitDuration.observe({ topic: last.topic }, (Date.now() - started) / 1000);
  o.metrics.step.observe({ topic: last.topic, step: 'commit' }, (Date.now() - started) / 1000);
  o.metrics.batchSize.observe({ topic: last.topic }, chunk.length);
}

/** The message failed twice in a way no retry changes: dead-letter it (and answer what can be answered). */
async function deadLetterPoison(msg: InMessage, error: string, session: PartitionSession, o: PartitionOptions): Promise<void> {
  o.metrics.deadLetters.inc({ topic: msg.topic, reason: 'undeliverable' });
  o.logger.error('request.dead_lettered', { topic: msg.topic, partition: msg.partition, offset: msg.offset, reason: 'undeliverable', error: clip(error) });
  const fallback = await o.fallback(msg, error).catch(() => null);
  const out = [deadLetter(msg, o.dlqTopic, clip(error, 1000), o.now()), ...(fallback ? [fallback] : [])];
  try {
    await retrying(`dead-letter ${msg.topic}[${msg.partition}]@${msg.offset}`, msg.topic, () => session.commit(out, msg.offset), session, o);
  } catch (err) {
    if (!fallback || err instanceof PartitionLostError || isTransient(err)) throw err;
    await retrying(`dead-letter ${msg.topic}[${msg.partition}]@${msg.offset}`, msg.topic, () => session.commit(out.slice(0, 1), msg.offset), session, o);
  }
}

async function isolate(chunk: readonly InMessage[], fn: ChunkFn, session: PartitionSession, o: PartitionOptions): Promise<void> {
  for (const msg of chunk) {
    if (!session.owned()) return;
    try {
      await commitChunk([msg], fn, session, o);
    } catch (err) {
      if (err instanceof PartitionLostError || o.signal.aborted) throw err;
      await deadLetterPoison(msg, err instanceof Error ? `${err.name}: ${err.message}` : String(err), session, o);
    }
  }
}

export async function runPartition(messages: readonly InMessage[], fn: ChunkFn, session: PartitionSession, o: PartitionOptions): Promise<void> {
  for (let i = 0; i < messages.length; i += o.maxChunk) {
    if (!session.running() || !session.owned() || o.signal.aborted) return;
    const chunk = messages.slice(i, i + o.maxChunk);
    try {
      try {
        await commitChunk(chunk, fn, session, o);
      } catch (err) {
        if (err instanceof PartitionLostError || o.signal.aborted) throw err;
        const last = chunk[chunk.length - 1]!;
        o.logger.warn('chunk.isolating', { topic: last.topic, partition: last.partition, offset: chunk[0]!.offset, count: chunk.length, error: clip(err instanceof Error ? err.message : String(err)) });
        await isolate(chunk, fn, session, o);
      }
    } catch (err) {
      const first = chunk[0]!;
      if (err instanceof PartitionLostError) {
        o.logger.warn('partition.lost', { topic: first.topic, partition: first.partition, offset: first.offset, error: clip(err.message) });
      } else if (!o.signal.aborted) {
        // Not even a dead letter could be written: hold the partition (not ready) and let it be fetched again.
        const what = `stalled ${first.topic}[${first.partition}]`;
        o.setDegraded(what, err instanceof Error ? err.name : 'unknown');
        o.logger.error('partition.stalled', { topic: first.topic, partition: first.partition, offset: first.offset, error: clip(err instanceof Error ? err.message : String(err)) });
        await sleep(o.retry.capMs, o.signal).catch(() => undefined);
      }
      return;
    }
    o.setDegraded(`stalled ${chunk[0]!.topic}[${chunk[0]!.partition}]`, null);
  }
}
