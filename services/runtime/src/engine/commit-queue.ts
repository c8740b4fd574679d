// The commits of one partition, in offset order, with at most one in flight while
// the next chunk is computed (a pipeline: the database work of chunk n+1 overlaps
// the Kafka transaction of chunk n). When a commit cannot be made and its chunk
// must be fetched again, drop() makes every commit queued behind it a no-op: those
// chunks come again after it, from the transport.
export class CommitQueue {
  /** Bumped by drop(); a task queued in an earlier epoch does not run. */
  epoch = 0;
  private tail: Promise<void> = Promise.resolve();

  /** Queues `task` (which must not reject) behind the commits before it; resolves once the one before it is done. */
  async push(epoch: number, task: () => Promise<void>): Promise<void> {
    const before = this.tail;
    this.tail = before.then(() => (epoch === this.epoch ? task() : undefined)).catch(() => undefined);
    await before;
  }

  drop(): void {
    this.epoch++;
  }

  /** Resolves when every queued commit has run. */
  drained(): Promise<void> {
    return this.tail;
  }
}
