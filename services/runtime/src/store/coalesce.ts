// Group commit for a store shared by the partitions a process works concurrently:
// a call made while one of its kind is in flight waits, and all that waited go
// to the database as one call when it returns. Idle, a call goes at once (no
// added latency); busy, N partitions make one round trip instead of N, and the
// database sees one writer per process instead of N (SQLite serialises writers
// and makes the others sleep in its busy handler).
export class Coalescer<I, O> {
  private inFlight = false;
  private queue: { items: I[]; resolve(o: O[]): void; reject(e: unknown): void }[] = [];

  /** `run` answers a batch of items with one result per item, in order. */
  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  call(items: I[]): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.queue.length > 0) {
      const waiting = this.queue;
      this.queue = [];
      try {
        const out = await this.run(waiting.flatMap((w) => w.items));
        let at = 0;
        for (const w of waiting) {
          w.resolve(out.slice(at, at + w.items.length));
          at += w.items.length;
        }
      } catch (err) {
        // One caller's bad item must not fail the others: on failure, each runs alone.
        if (waiting.length === 1) waiting[0]!.reject(err);
        else for (const w of waiting) await this.run(w.items).then(w.resolve, w.reject);
      }
    }
    this.inFlight = false;
  }
}
