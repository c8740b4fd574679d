// A fetched batch of one partition: messages with the same key run in order, keys
// run concurrently up to a bound, and each chunk's replies and offset commit in one
// transaction. A transient failure retries the message with backoff (partition
// held, readiness false, no reply, no commit) until it heals or the worker stops.
import { backoffDelay, sleep } from './backoff';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { BatchControl, InMessage, OutMessage } from './transport';
import { isTransient } from './transient';

export interface BatchOptions {
  keyConcurrency: number;
  chunkSize: number;
  retry: { baseMs: number; capMs: number };
  signal: AbortSignal;
  logger: Logger;
  metrics: Metrics;
  /** Reports a pending transient failure of `what` (readiness false until every one ends). */
  setDegraded(what: string, reason: string | null): void;
}

export async function runBatch(
  messages: InMessage[],
  ctl: BatchControl,
  process: (m: InMessage) => Promise<OutMessage[]>,
  opts: BatchOptions,
): Promise<void> {
  for (let i = 0; i < messages.length; i += opts.chunkSize) {
    if (!ctl.isRunning() || opts.signal.aborted) return;
    const chunk = messages.slice(i, i + opts.chunkSize);
    const out = await processChunk(chunk, ctl, process, opts);
    const last = chunk[chunk.length - 1];
    if (!last) continue;
    const started = Date.now();
    await withRetry(`commit ${last.topic}[${last.partition}]`, () => ctl.commit(out, last.offset), ctl, opts);
    opts.metrics.commitDuration.observe({ topic: last.topic }, (Date.now() - started) / 1000);
    opts.metrics.batchSize.observe({ topic: last.topic }, chunk.length);
  }
}

async function processChunk(chunk: InMessage[], ctl: BatchControl, process: (m: InMessage) => Promise<OutMessage[]>, opts: BatchOptions): Promise<OutMessage[]> {
  const results = new Map<InMessage, OutMessage[]>();
  const byKey = new Map<string, InMessage[]>();
  for (const m of chunk) {
    const k = m.key ?? `\u0000offset:${m.offset}`;
    byKey.set(k, [...(byKey.get(k) ?? []), m]);
  }
  const queues = [...byKey.values()];
  const lane = async (): Promise<void> => {
    for (let q = queues.shift(); q; q = queues.shift()) {
      for (const m of q) results.set(m, await withRetry(`${m.topic}[${m.partition}]@${m.offset}`, () => process(m), ctl, opts));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.keyConcurrency, queues.length) }, lane));
  // Replies leave in offset order, whatever order the keys finished in.
  return chunk.flatMap((m) => {
    const r = results.get(m);
    if (!r) throw new Error(`no result for offset ${m.offset}`);
    return r;
  });
}

async function withRetry<T>(what: string, fn: () => Promise<T>, ctl: BatchControl, opts: BatchOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fn();
      if (attempt > 0) {
        opts.setDegraded(what, null);
        opts.logger.info('retry.recovered', { what, attempts: attempt });
      }
      return r;
    } catch (err) {
      if (!isTransient(err) || opts.signal.aborted) {
        if (attempt > 0) opts.setDegraded(what, null);
        throw err;
      }
      const cause = err instanceof Error ? err.name : 'unknown';
      opts.setDegraded(what, cause);
      opts.metrics.retries.inc({ topic: what.replace(/^commit /, '').split('[')[0] ?? '', cause });
      const delay = backoffDelay(attempt, opts.retry);
      opts.logger.warn('retry.scheduled', { what, attempt: attempt + 1, delayMs: delay, cause, error: err instanceof Error ? err.message : String(err) });
      await sleep(delay, opts.signal);
      await ctl.heartbeat().catch(() => undefined);
    }
  }
}
