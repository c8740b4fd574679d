// The one backoff of the project. Exponential: the n-th ceiling is min(cap, base·2^n).
// Runtime retries of transient failures draw their wait with full jitter (AWS
// architecture blog's "full jitter"), uniform in [0, ceiling], so many workers
// retrying against a recovering database do not hammer it in step; the mail
// worker's deferred deliveries wait the ceiling itself (domain/retry.ts), a time the
// delivery record states. The delay functions are pure (exported to domain code by
// pure.ts); `sleep` is the timer they are used with.
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/** The n-th ceiling (n from 0): min(cap, base·2^n). */
export function exponentialDelay(attempt: number, opts: BackoffOptions): number {
  return Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
}

/** The n-th wait with full jitter, never below base/2. */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  return Math.min(opts.capMs, Math.max(opts.baseMs / 2, Math.floor(random() * exponentialDelay(attempt, opts))));
}

/** Resolves after `ms`, or early (rejecting with the signal's reason) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
