// The two bounds on sending, shared by every dispatch of the process: a token
// bucket for the rate (MAIL_RATE_PER_SEC) and a fixed number of slots for sends in
// flight (SMTP_MAX_CONNECTIONS, so the pool never queues a claimed message, and
// at most that many deliveries can be caught mid-send by a crash).
import { sleep } from '@workers/runtime';
import { newBucket, reserve, type Bucket } from '../domain/token-bucket';

/** The runtime's sleep, answering instead of rejecting: true when the full time passed, false when `signal` aborted it. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return sleep(ms, signal).then(
    () => true,
    () => false,
  );
}

export class RateLimiter {
  private bucket: Bucket;

  constructor(
    ratePerSec: number,
    burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = newBucket(ratePerSec, burst, now());
  }

  /** Waits for a token; false when `signal` aborted the wait (the token is then lost). */
  async take(signal?: AbortSignal): Promise<boolean> {
    return this.takeMany(1, signal);
  }

  /** Waits until `n` tokens are due (the last of them); false when `signal` aborted the wait (the tokens are then lost). */
  async takeMany(n: number, signal?: AbortSignal): Promise<boolean> {
    let waitMs = 0;
    for (let i = 0; i < n; i++) {
      const r = reserve(this.bucket, this.now());
      this.bucket = r.bucket;
      waitMs = r.waitMs;
    }
    return waitMs > 0 ? pause(waitMs, signal) : true;
  }
}

export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Resolves with the release function once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }

  /** Waits for one free slot, then takes every free one up to `max`; one release function per slot. */
  async acquireUpTo(max: number): Promise<(() => void)[]> {
    const first = await this.acquire();
    const more: (() => void)[] = [];
    while (more.length + 1 < max && this.free > 0) more.push(await this.acquire());
    return [first, ...more];
  }

  inUse(): number {
    return this.size - this.free;
  }
}

/** Runs `fn` over `items` with at most `limit` at once; resolves with the results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
