// Token bucket for the sending rate (MAIL_RATE_PER_SEC): up to `burst` sends at
// once after a quiet spell, `ratePerSec` on average. A caller reserves a token and
// waits the returned time; tokens may go negative, so concurrent callers queue up
// in reservation order instead of racing for the next token. Pure: time is passed in.

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
