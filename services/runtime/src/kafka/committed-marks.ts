// Offsets known committed, per partition: what this process committed itself, and what a
// check after a take-over found the previous owner had committed (kafka-transport.ts's
// `toVerify`). A message at or below the mark was answered and its offset committed in one
// transaction, so it is never processed again, whatever kafkajs fetches: a rejoin resumes
// from the committed offset the group coordinator reports, which can predate the last
// transactional commit (kafkajs's own OffsetFetch, v4, does not wait for pending ones), and a chunk
// dropped after such a check is fetched again from its first offset.
// Marks only grow: a later owner commits past them, never below.

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

  /**
   * `messages` (a fetched batch: offsets ascending) split into those this process knows committed
   * and those still to do. Every batch passes here: one that starts past the mark, the usual case,
   * is handed back as it is, uncopied.
   */
  split<M extends Offsetted>(key: string, messages: M[]): { done: M[]; todo: M[] } {
    const t = this.through.get(key);
    if (t === undefined || messages.length === 0 || BigInt(messages[0]!.offset) > t)
      return { done: [], todo: messages };
    const i = messages.findIndex((m) => BigInt(m.offset) > t);
    return i < 0 ? { done: messages, todo: [] } : { done: messages.slice(0, i), todo: messages.slice(i) };
  }
}
