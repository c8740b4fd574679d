// Every topic of the cluster, before and after a run: which ones grew and by how
// much. A worker that wrote where a header told it to (another system's topic, an
// internal topic, its own request topic) shows up here, and so does a topic that
// a write brought into existence. Kafka's own internal topics change with every
// offset commit and transaction marker, so they are reported apart.
import type { Admin, Kafka } from 'kafkajs';

export const INTERNAL = ['__consumer_offsets', '__transaction_state'];

export type Snapshot = Map<string, bigint>;

/**
 * A topic's end offsets, asked again while its partitions have no leader (a broker that has
 * just restarted): taking an unanswered topic as empty would report it written during the
 * run. Undefined only for a topic deleted meanwhile (another scenario's clean-up).
 */
async function endOffsets(admin: Admin, topic: string): Promise<{ high: string }[] | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function snapshot(kafka: Kafka): Promise<Snapshot> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: Snapshot = new Map();
    const topics = (await admin.listTopics()).filter((t) => !INTERNAL.includes(t));
    for (let i = 0; i < topics.length; i += 50) {
      await Promise.all(
        topics.slice(i, i + 50).map(async (t) => {
          const offsets = await endOffsets(admin, t);
          if (offsets)
            out.set(
              t,
              offsets.reduce((s, p) => s + BigInt(p.high), 0n),
            );
        }),
      );
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Topics that grew (or appeared) between `before` and `after`, with how much. */
export function grown(before: Snapshot, after: Snapshot): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [t, end] of after) {
    const was = before.get(t);
    if (was === undefined || end > was) out.set(t, end - (was ?? 0n));
  }
  return out;
}
