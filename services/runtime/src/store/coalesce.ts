// Group commit for a store shared by the partitions a process works concurrently:
// up to `limit` calls of one kind go to the database at once; a call made while
// that many are in flight waits, and all that waited go as one call when one of
// them returns. Idle, a call goes at once (no added latency); busy, N partitions
// make a few round trips instead of N.
//
// Why more than one in flight: a database server works one command on one core
// (FerretDB reads and converts each statement of a bulk in turn), so one call per
// step made every partition wait for the whole process's batch on a single core,
// and the time a chunk takes grew with the batch, which grew with the time a
// chunk takes. With several at once the server works them on both cores
// (docs/benchmarks.md#database-calls-in-flight).
export class Coalescer<I, O> {
  private running = 0;
  private queue: { items: I[]; resolve(o: O[]): void; reject(e: unknown): void }[] = [];

  /** `run` answers a batch of items with one result per item, in order; at most `limit` run at once. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly limit = 1,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  call(items: I[]): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (this.running < this.limit) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
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
    this.running--;
  }
}
