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

export async function retrying<T>(
  what: string,
  topic: string,
  fn: () => Promise<T>,
  session: PartitionSession,
  o: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fn();
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
