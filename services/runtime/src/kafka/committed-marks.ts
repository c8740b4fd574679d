// What this process has itself committed, per partition: a message at or below that
// offset was answered and its offset committed in one transaction, so it is never
// processed again, whatever kafkajs fetches. kafkajs can hand such messages over once
// more: a rejoin resumes from the committed offset the group coordinator reports, and
// a transactional offset commit becomes visible there only after its markers are
// materialised (asynchronously, on the broker's scheduler); a seek back to an offset
// read in that window would otherwise answer a whole chunk twice (the fuzz run of CI
// saw one chunk of a partition answered twice with one process and no kill).
// Offsets only grow: a later owner commits past ours, never below.

export interface Offsetted {
  offset: string;
}

export class CommittedMarks {
  private readonly through = new Map<string, bigint>();

  /** `offset` of `key` (`topic:partition`) went out in a committed transaction. */
  note(key: string, offset: string): void {
    const o = BigInt(offset);
    if (o > (this.through.get(key) ?? -1n)) this.through.set(key, o);
  }

  /** `messages` split into those this process committed already and those still to do. */
  split<M extends Offsetted>(key: string, messages: readonly M[]): { done: M[]; todo: M[] } {
    const t = this.through.get(key);
    if (t === undefined) return { done: [], todo: [...messages] };
    return {
      done: messages.filter((m) => BigInt(m.offset) <= t),
      todo: messages.filter((m) => BigInt(m.offset) > t),
    };
  }
}
