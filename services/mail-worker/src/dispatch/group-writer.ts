// Group commit for the records of sends that finish one by one: a write starts at
// the end of the event-loop turn in which the first outcome arrived (so outcomes of
// the same turn share it), and every outcome that arrives while a write is in flight
// goes into the next one. Under load a write carries many records (one bulkWrite
// instead of one round trip each); when idle it carries one, without a timer.
// `write` answers which items it stored (the rest lost their condition), or false
// when it gave up (the run was abandoned); a thrown error rejects its items.

export class GroupWriter<T extends { id: string }> {
  private queue: { item: T; resolve(stored: boolean): void; reject(err: unknown): void }[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;

  constructor(private readonly write: (items: T[]) => Promise<Set<string> | false>) {}

  /** Resolves with whether the item was stored, once its write is done. */
  add(item: T): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.kick();
        });
      }
    });
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    this.running = this.write(batch.map((b) => b.item))
      .then(
        (stored) => {
          for (const b of batch) b.resolve(stored !== false && stored.has(b.item.id));
        },
        (err: unknown) => {
          for (const b of batch) b.reject(err);
        },
      )
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }
}
