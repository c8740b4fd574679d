// When a deferred delivery is tried again, and when it is given up: the runtime's
// exponential backoff (base·2^(attempt-1), capped), so a busy mailbox is not
// hammered, bounded by a number of attempts so nothing retries forever. No jitter:
// the time is recorded on the delivery (nextAttemptAt) and shown to operators.
import { exponentialDelay } from '@workers/runtime/pure';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export type AfterFailure = { kind: 'retry'; at: number } | { kind: 'give_up' };

/** `attempts` counts the attempt that just failed (1 after the first). */
export function afterFailure(attempts: number, now: number, p: RetryPolicy, immediate = false): AfterFailure {
  if (attempts >= p.maxAttempts) return { kind: 'give_up' };
  if (immediate) return { kind: 'retry', at: now };
  return { kind: 'retry', at: now + retryDelay(attempts, p) };
}

export function retryDelay(attempts: number, p: Pick<RetryPolicy, 'baseMs' | 'capMs'>): number {
  return exponentialDelay(attempts - 1, p);
}
