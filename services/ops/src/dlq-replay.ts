// Sending dead letters back to their origin: what `ops dlq replay` and the operator
// console share. Kafka cannot delete single records, so the entries stay in the DLQ;
// replaying twice is safe because the worker answers a re-sent request (same
// requestId and content) from its processed-requests record. An entry whose origin is
// not the topic its .dlq collects is refused, with the reason (dlq-origin.ts).
import type { Kafka } from 'kafkajs';
import { replayOf, selectEntries, type Replay } from './dlq-entry';
import { type Refusal, replayRefusal } from './dlq-origin';
import { failure } from './exit';
import { requireTopics, withAdmin } from './kafka/admin';
import { readToEnd } from './kafka/read-to-end';
import type { OffsetArg } from './positions';

export interface Replayed {
  from: string;
  to: string;
  partition: number | null;
  offset: number | null;
  key: string | null;
}

/** Origin partitions that no longer exist fall back to the key's partition. */
async function checkOrigins(kafka: Kafka, replays: Replay[]): Promise<Replay[]> {
  const topics = [...new Set(replays.map((r) => r.topic))];
  if (topics.length === 0) return replays;
  const counts = await withAdmin(kafka, async (admin) => {
    await requireTopics(admin, topics);
    const { topics: meta } = await admin.fetchTopicMetadata({ topics });
    return new Map(meta.map((t) => [t.name, t.partitions.length]));
  });
  return replays.map((r) =>
    r.partition !== undefined && r.partition < (counts.get(r.topic) ?? 0) ? r : { ...r, partition: undefined },
  );
}

export interface ReplayPlan {
  /** The entries that may go back to their origin. */
  replays: Replay[];
  /** The entries that may not, each with the reason; never sent. */
  refused: Refusal[];
}

/** The dead-letter topic a replay's `from` (`<dlq>:<partition>:<offset>`) names. */
const dlqOf = (from: string): string => from.replace(/:\d+:\d+$/, '');

/**
 * The replays of the entries of `dlqTopic` that `wanted` names (all of them when
 * `wanted` is 'all'), read as the topic holds them now, and the entries refused because
 * their origin is not where they can have come from. Throws an OpsError naming every
 * wanted entry that does not exist: then nothing is to be replayed. `env`: the topic
 * variables of a deployment that renamed its topics.
 */
export async function plannedReplays(
  kafka: Kafka,
  dlqTopic: string,
  wanted: readonly OffsetArg[] | 'all',
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReplayPlan> {
  const entries = await readToEnd(kafka, dlqTopic);
  const { chosen, unmatched } = wanted === 'all' ? { chosen: entries, unmatched: [] } : selectEntries(entries, wanted);
  if (unmatched.length > 0)
    throw failure(
      ...unmatched.map(
        (w) =>
          `no entry at ${w.partition === undefined ? '' : `partition ${w.partition} `}offset ${w.offset} in ${dlqTopic}; nothing replayed`,
      ),
    );
  const all = chosen.map((m) => replayOf(m, dlqTopic));
  const refused = all.flatMap((r) => {
    const reason = replayRefusal(dlqTopic, r.topic, env);
    return reason === null ? [] : [{ from: r.from, topic: r.topic, reason }];
  });
  const allowed = all.filter((r) => !refused.some((x) => x.from === r.from));
  return { replays: await checkOrigins(kafka, allowed), refused };
}

/**
 * Produces each replay (idempotent producer, in order); reports where each one landed.
 * Throws an OpsError, sending nothing, when a replay goes anywhere but the topic its
 * .dlq collects (plannedReplays never plans one; this keeps any other caller to the rule).
 */
export async function sendReplays(
  kafka: Kafka,
  replays: readonly Replay[],
  onSent: (r: Replayed) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Replayed[]> {
  const refused = replays.flatMap((r) => {
    const reason = replayRefusal(dlqOf(r.from), r.topic, env);
    return reason === null ? [] : [`${r.from} not replayed to ${r.topic}: ${reason}`];
  });
  if (refused.length > 0) throw failure(...refused);
  const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
  await producer.connect();
  const done: Replayed[] = [];
  try {
    for (const r of replays) {
      const [sent] = await producer.send({
        topic: r.topic,
        messages: [{ partition: r.partition, key: r.key, value: r.value, headers: r.headers }],
      });
      const out = {
        from: r.from,
        to: r.topic,
        partition: sent?.partition ?? null,
        offset: sent ? Number(sent.baseOffset) : null,
        key: r.key?.toString('utf8') ?? null,
      };
      done.push(out);
      onSent(out);
    }
  } finally {
    await producer.disconnect();
  }
  return done;
}
