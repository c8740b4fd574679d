// Creating topics and waiting until they can be used. kafkajs's `waitForLeaders`
// retries only LEADER_NOT_AVAILABLE; a broker whose metadata cache has not caught up
// with the controller answers UNKNOWN_TOPIC_OR_PARTITION instead ("This server does not
// host this topic-partition"), which it throws — seen when several clients create topics
// at once on a busy single-node KRaft broker. And a leader in the metadata is not yet a
// partition served: ListOffsets can still answer NOT_LEADER_OR_FOLLOWER for a moment.
// So: create, then poll until every partition has a leader and answers its offsets,
// tolerating those transient answers, within a deadline.
import '../produce-fix';
import type { Admin, ITopicConfig } from 'kafkajs';

const SETTLING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/** The error, or the one kafkajs wrapped after its own retries, is one of SETTLING. */
function settling(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const x = e as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (SETTLING.has(String(x.type))) return true;
    e = x.originalError ?? x.cause;
  }
  return false;
}

/** Creates `topics` (those that exist are left alone); resolves once each partition has a leader that answers its offsets. */
export async function createTopicsReady(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  if (topics.length === 0) return;
  try {
    await admin.createTopics({ waitForLeaders: false, topics });
  } catch (err) {
    if (!settling(err)) throw err;
  }
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      const ready = names.every((name) => {
        const t = meta.find((m) => m.name === name);
        return t !== undefined && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0);
      });
      if (ready) {
        for (const name of names) await admin.fetchTopicOffsets(name);
        return;
      }
    } catch (err) {
      if (!settling(err)) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${timeoutMs} ms: ${names.join(', ')}`);
    await new Promise((r) => setTimeout(r, wait));
  }
}
