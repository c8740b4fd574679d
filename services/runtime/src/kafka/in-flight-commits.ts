// Per partition, the commits of this process still under way. With one transaction per
// process (poll-commits.ts) the group generation fences another process, but not this one:
// kafkajs rejoins after a heartbeat to a coordinator that moved, and the group can hand the
// member the same partitions in the same generation. A commit claimed before the rejoin is
// then still accepted, while kafkajs fetches the partition again from the offset committed
// before it (chaos run 21 answered six requests twice so). So the first batch after a
// rejoin waits for those commits before it reads where to start.
export class InFlightCommits {
  private readonly byPartition = new Map<string, Set<Promise<unknown>>>();

  /** Tracks `commit` for the partition `key` until it settles; returns it. */
  track<T>(key: string, commit: Promise<T>): Promise<T> {
    let set = this.byPartition.get(key);
    if (!set) {
      set = new Set();
      this.byPartition.set(key, set);
    }
    const entry: Promise<unknown> = commit.then(
      () => undefined,
      () => undefined,
    );
    set.add(entry);
    void entry.then(() => {
      set.delete(entry);
      if (set.size === 0 && this.byPartition.get(key) === set) this.byPartition.delete(key);
    });
    return commit;
  }

  /** Resolves once every commit of `key` under way now has settled (committed or failed). */
  async settled(key: string): Promise<void> {
    const set = this.byPartition.get(key);
    if (set) await Promise.all([...set]);
  }
}
