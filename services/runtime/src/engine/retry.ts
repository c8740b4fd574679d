// Retries a step while it fails transiently: exponential backoff with full jitter,
// the group heartbeat kept alive while waiting, readiness false until it heals. A
// non-transient error, a lost partition or a stop ends the retries (rethrown). Each
// retry is logged at warn (it heals by itself), a dependency's refusal at error
// (transient.ts's isRefusal: credentials or permissions, someone must act).
import { backoffDelay, sleep } from '../backoff';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { isRefusal, isTransient } from '../transient';
import { PartitionLostError, type PartitionSession } from '../transport';

export interface RetryOptions {
  retry: { baseMs: number; capMs: number };
  signal: AbortSignal;
  logger: Logger;
  metrics: Metrics;
  /** Reports a pending transient failure of `what` (readiness false until every one ends). */
  setDegraded(what: string, reason: string | null): void;
}

/**
 * A step still waiting for its answer after this long makes the worker not ready (until it
 * ends), though nothing failed: a network that drops packets without closing anything (a
 * black hole) holds a call without an error for as long as it lasts; the MongoDB driver
 * 7.9 raised no timeout on such a call here (docs/reliability.md). Every step of ours is a
 * bounded batch that takes well under a second when its dependencies answer.
 */
export const SLOW_STEP_MS = 10_000;

/** `fn()`, with readiness false while it has been waiting longer than SLOW_STEP_MS. */
async function watched<T>(what: string, fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const key = `${what} (no answer)`;
  let slow = false;
  const timer = setTimeout(() => {
    slow = true;
    o.setDegraded(key, 'no answer');
  }, SLOW_STEP_MS);
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
    if (slow) o.setDegraded(key, null);
  }
}

export async function retrying<T>(
  what: string,
  topic: string,
  fn: () => Promise<T>,
  session: PartitionSession,
  o: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await watched(what, fn, o);
      if (attempt > 0) {
        o.setDegraded(what, null);
        o.logger.info('retry.recovered', { what, attempts: attempt });
      }
      return r;
    } catch (err) {
      if (!isTransient(err) || o.signal.aborted || !session.owned()) {
        if (attempt > 0) o.setDegraded(what, null);
        if (isTransient(err) && !session.owned())
          throw new PartitionLostError(`${what}: partition lost while retrying`, { cause: err });
        throw err;
      }
      const cause = err instanceof Error ? err.name : 'unknown';
      o.setDegraded(what, cause);
      o.metrics.retries.inc({ topic, cause });
      const delayMs = backoffDelay(attempt, o.retry);
      const level = isRefusal(err) ? 'error' : 'warn';
      o.logger[level]('retry.scheduled', {
        what,
        attempt: attempt + 1,
        delayMs,
        cause,
        error: err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300),
      });
      await sleep(delayMs, o.signal);
      await session.heartbeat().catch(() => undefined);
    }
  }
}
