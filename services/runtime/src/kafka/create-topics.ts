// Creating topics and waiting until they can be used. kafkajs's `waitForLeaders`
// retries only LEADER_NOT_AVAILABLE; a broker whose metadata cache has not caught up
// with the controller answers UNKNOWN_TOPIC_OR_PARTITION instead ("This server does not
// host this topic-partition"), which it throws — seen when several clients create topics
// at once on a busy single-node KRaft broker. So: create, then poll the metadata until
// every partition has a leader, tolerating both transient answers, within a deadline.
import type { Admin, ITopicConfig } from 'kafkajs';

const SETTLING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

const settling = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && SETTLING.has(String((err as { type?: unknown }).type));

/** Creates `topics` (those that exist are left alone) and resolves once each partition has a leader. */
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
      if (ready) return;
    } catch (err) {
      if (!settling(err)) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${timeoutMs} ms: ${names.join(', ')}`);
    await new Promise((r) => setTimeout(r, wait));
  }
}
