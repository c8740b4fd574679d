// Failed sign-ins limited per client (its remote address): FREE_FAILURES wrong tokens
// pass, then each further one locks the client out for twice as long as the last
// (1 s, 2 s, 4 s … up to MAX_LOCK_MS). While locked out a token is not even compared,
// so guessing runs at most at that pace. A client forgotten after FORGET_MS without a
// failure starts afresh; a success forgives it. At most MAX_CLIENTS are remembered
// (the oldest dropped first), so a flood of addresses cannot grow the map. Pure: the
// caller passes the time.
//
// Behind a reverse proxy every operator shares the proxy's address and so one lockout:
// the price of not trusting a forwarded header anyone can set.

export const FREE_FAILURES = 5;
export const MAX_LOCK_MS = 15 * 60_000;
const FORGET_MS = 30 * 60_000;
const MAX_CLIENTS = 10_000;

interface Failures {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export class Lockout {
  private readonly clients = new Map<string, Failures>();

  /** Milliseconds the client must still wait before its next attempt (0: it may try now). */
  waitMs(client: string, now: number): number {
    const r = this.clients.get(client);
    if (!r) return 0;
    if (now - r.lastFailure > FORGET_MS) {
      this.clients.delete(client);
      return 0;
    }
    return Math.max(0, r.lockedUntil - now);
  }

  /** Records a wrong token; returns how long the client is now locked out (0 within the free failures). */
  failed(client: string, now: number): number {
    const r = this.clients.get(client) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    r.failures += 1;
    r.lastFailure = now;
    const over = r.failures - FREE_FAILURES;
    const lock = over > 0 ? Math.min(MAX_LOCK_MS, 1000 * 2 ** Math.min(over - 1, 30)) : 0;
    r.lockedUntil = now + lock;
    this.clients.delete(client);
    this.clients.set(client, r);
    while (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
    return lock;
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }
}
