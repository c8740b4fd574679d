// Which reply answers whom, by the `correlation-id` header: the calls waiting for an
// id, and the ids whose calls gave up (timed out or were cancelled) within the late
// window, whose first reply is reported as answered late. Several calls may wait for
// one id (a caller re-sending while an earlier call still waits); one reply answers
// them all, as the workers answer every copy of a request alike. No I/O, no timers.
import type { ReplyMessage } from './transport';

export interface Arrival {
  /** The decoded reply, or why it could not be read. */
  reply: { ok: true; value: Record<string, unknown> } | { ok: false; error: Error };
  receivedAt: number;
  message: ReplyMessage;
}

export interface GaveUp {
  requestId: string;
  operation: string;
  /** What was known when the call gave up. */
  state: 'NotSent' | 'SentUnanswered' | 'Cancelled';
  gaveUpAt: number;
}

export class Correlator {
  private readonly waiting = new Map<string, Set<(a: Arrival) => void>>();
  /** In the order calls gave up, so the expired ones are at the front. */
  private readonly late = new Map<string, GaveUp>();

  constructor(
    private readonly lateWindowMs: number,
    /** Bound on the ids kept for late replies; the oldest go first. */
    private readonly maxLate = 100_000,
  ) {}

  /** Starts waiting for `id`. `stop` must be called once the call is over, answered or not. */
  expect(id: string): { answer: Promise<Arrival>; stop(): void } {
    let resolve: (a: Arrival) => void = () => undefined;
    const answer = new Promise<Arrival>((r) => (resolve = r));
    const set = this.waiting.get(id) ?? new Set();
    set.add(resolve);
    this.waiting.set(id, set);
    return {
      answer,
      stop: () => {
        set.delete(resolve);
        if (set.size === 0 && this.waiting.get(id) === set) this.waiting.delete(id);
      },
    };
  }

  /** A call gave up on `g.requestId`: the first reply within the window is late. */
  gaveUp(g: GaveUp): void {
    this.late.delete(g.requestId);
    this.late.set(g.requestId, g);
    this.expire(g.gaveUpAt);
    while (this.late.size > this.maxLate) this.late.delete(this.late.keys().next().value as string);
  }

  /** True when a reply to `id` would answer a waiting call or be reported late: worth decoding. */
  wanted(id: string, now: number): boolean {
    this.expire(now);
    return this.waiting.has(id) || this.late.has(id);
  }

  /** Hands the reply to every call waiting for `id`; returns the call that gave up on it, if any (once). */
  deliver(id: string, a: Arrival): GaveUp | undefined {
    for (const resolve of this.waiting.get(id) ?? []) resolve(a);
    this.expire(a.receivedAt);
    const gone = this.late.get(id);
    this.late.delete(id);
    return gone;
  }

  /** Ids some call still waits for. */
  get pending(): number {
    return this.waiting.size;
  }

  private expire(now: number): void {
    for (const [id, g] of this.late) {
      if (now - g.gaveUpAt <= this.lateWindowMs) break;
      this.late.delete(id);
    }
  }
}
