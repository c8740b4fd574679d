// The two bounds on sending, shared by every dispatch of the process: a token bucket
// for the rate (MAIL_RATE_PER_SEC) and a fixed number of slots for sends in flight
// (SMTP_MAX_CONNECTIONS, so the pool never queues a claimed message, and at most that
// many deliveries can be caught mid-send by a crash); and the pause every wait of the
// pipeline uses.
//
// The bucket: up to `burst` sends at once after a quiet spell, `ratePerSec` on average.
// A caller reserves a token and waits the returned time; tokens may go negative, so
// concurrent callers queue up in reservation order instead of racing for the next
// token. Its arithmetic is pure: time is passed in.
import { sleep } from '@workers/runtime';

export interface Bucket {
  ratePerSec: number;
  burst: number;
  tokens: number;
  /** Time of the last refill (epoch ms). */
  at: number;
}

export function newBucket(ratePerSec: number, burst: number, now: number): Bucket {
  if (!(ratePerSec > 0) || !(burst >= 1)) throw new RangeError('rate must be > 0 and burst >= 1');
  return { ratePerSec, burst, tokens: burst, at: now };
}

/** Takes one token; `waitMs` is how long the caller must wait before using it. */
export function reserve(b: Bucket, now: number): { bucket: Bucket; waitMs: number } {
  const elapsed = Math.max(0, now - b.at);
  const refilled = Math.min(b.burst, b.tokens + (elapsed * b.ratePerSec) / 1000);
  const tokens = refilled - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / b.ratePerSec);
  return { bucket: { ...b, tokens, at: Math.max(now, b.at) }, waitMs };
}

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
