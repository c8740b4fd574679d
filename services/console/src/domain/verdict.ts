// Where a request stands, from what the topics and the processed-requests record
// show: answered (with the latency), dead-lettered, still waiting behind the group's
// committed offset, processed without a reply in sight, passed by without either,
// or never arrived. The "why" an operator asks for when a reply is missing. Pure.

export interface Seen {
  topic: string;
  partition: number;
  offset: number;
  /** Epoch ms. */
  timestamp: number;
  headers: Record<string, string>;
}

export type Verdict =
  | { kind: 'answered'; messageCode: string; latencyMs: number | null }
  | { kind: 'dead-lettered'; error: string; failedAt: string | null }
  | { kind: 'waiting'; groupId: string; partition: number; committed: number | null; ahead: number }
  | { kind: 'processed-no-reply'; processedAt: number | null; replyTopic: string | null }
  | { kind: 'passed-no-reply'; groupId: string; committed: number }
  | { kind: 'never-arrived'; searched: string[]; indexSince: number | null };

export interface VerdictInput {
  requests: Seen[];
  replies: Seen[];
  deadLetters: Seen[];
  processed: { processedAt: number | null; replyTopic: string | null } | null;
  /** The consuming group's committed offset on the partition of the latest request delivery (-1: none). */
  group: { groupId: string; committed: number } | null;
  searched: string[];
  indexSince: number | null;
}

export function verdict(i: VerdictInput): Verdict {
  const reply = i.replies[0];
  if (reply) {
    const asked = i.requests.filter((r) => r.timestamp <= reply.timestamp).at(-1) ?? i.requests[0];
    return {
      kind: 'answered',
      messageCode: reply.headers['message-code'] ?? '?',
      latencyMs: asked ? reply.timestamp - asked.timestamp : null,
    };
  }
  const last = i.requests.at(-1);
  const dead = i.deadLetters.at(-1);
  // A replayed dead letter comes back as a request delivery after it; until that is answered, it waits like any other.
  if (dead && !(last && last.timestamp >= dead.timestamp && last.headers['dlq-replayed-from'])) {
    return {
      kind: 'dead-lettered',
      error: dead.headers['dlq-error'] ?? 'unknown error',
      failedAt: dead.headers['dlq-failed-at'] ?? null,
    };
  }
  if (last && i.group && i.group.committed <= last.offset) {
    const committed = i.group.committed < 0 ? null : i.group.committed;
    return {
      kind: 'waiting',
      groupId: i.group.groupId,
      partition: last.partition,
      committed,
      ahead: committed === null ? last.offset + 1 : last.offset - committed + 1,
    };
  }
  if (i.processed)
    return { kind: 'processed-no-reply', processedAt: i.processed.processedAt, replyTopic: i.processed.replyTopic };
  if (last && i.group) return { kind: 'passed-no-reply', groupId: i.group.groupId, committed: i.group.committed };
  return { kind: 'never-arrived', searched: i.searched, indexSince: i.indexSince };
}
