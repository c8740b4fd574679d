// What the run sees, as any client of the product would: one read_committed
// consumer of every topic of the run. Replies and events are decoded through the
// registry and kept per requestId / contactId; of every topic it keeps the last
// offset per partition, so a group's lag counts committed messages past its
// committed offset (a transactional topic's end offset also counts commit markers).
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { avroLogicalTypes } from '@workers/runtime';
import type { Admin, Consumer, Kafka } from 'kafkajs';

export interface SeenReply {
  topic: string;
  partition: number;
  offset: string;
  /** The decoded value as canonical JSON (decimals as strings): equal text, equal reply. */
  text: string;
  code: string;
  status: number;
  correlationId: string;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

export class Observer {
  readonly replies = new Map<string, SeenReply[]>();
  /** contactId → ContactApproved events seen. */
  readonly approvals = new Map<string, number>();
  /** topic → messages seen (raw topics included). */
  readonly counts = new Map<string, number>();
  /** `topic:partition` → last offset seen. */
  readonly last = new Map<string, bigint>();
  /** Messages of the raw topics (dead letters, say): where they are and the headers that say what they are. */
  readonly rawSeen: { topic: string; partition: number; offset: string; headers: Record<string, string> }[] = [];
  /** Request messages on the request topics, by correlation id: what was really written, re-sends included. */
  readonly written = new Map<string, number>();
  /** When each reply was read (epoch ms), in order: pauses and throughput around faults. */
  readonly arrivals: number[] = [];
  /**
   * Each reply's own timestamp (epoch ms), in the order read: when the worker produced it, inside
   * its transaction. Beside `arrivals` it tells a worker that answered late from a reader that
   * read late (a reader's client stuck on a dead broker, or a transaction left open on the
   * reply partition holding back what read_committed may see).
   */
  readonly produced: number[] = [];
  replyCount = 0;
  /** `topic:partition:offset` of every message read. */
  private readonly read = new Set<string>();
  private constructor(
    private readonly consumer: Consumer,
    private readonly kafka: Kafka,
  ) {}

  /** `decoded`: reply and event topics (values read through the registry); `raw`: topics only counted. */
  static async open(
    kafka: Kafka,
    registryUrl: string,
    group: string,
    /** `raw` topics that are request topics are also counted by correlation id (`written`). */
    topics: { replies: string[]; events: string[]; raw: string[]; requests?: string[] },
  ): Promise<Observer> {
    const registry = new SchemaRegistry(
      { host: registryUrl },
      { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
    );
    const consumer = kafka.consumer({
      groupId: group,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    const o = new Observer(consumer, kafka);
    const replies = new Set(topics.replies);
    const events = new Set(topics.events);
    const raw = new Set(topics.raw);
    const requests = new Set(topics.requests ?? []);
    await consumer.connect();
    for (const topic of [...topics.replies, ...topics.events, ...topics.raw])
      await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 8,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          // A consumer re-reads from its last committed offset after a rebalance of its own
          // group (a broker restart, a session lost on a loaded machine): each message is
          // counted once, by where it is, so only a message written twice counts twice.
          const at = `${batch.topic}:${batch.partition}:${m.offset}`;
          if (o.read.has(at)) continue;
          o.read.add(at);
          o.last.set(`${batch.topic}:${batch.partition}`, BigInt(m.offset));
          o.counts.set(batch.topic, (o.counts.get(batch.topic) ?? 0) + 1);
          if (raw.has(batch.topic)) {
            const headers = Object.fromEntries(
              Object.entries(m.headers ?? {})
                .filter(([k]) => k === 'fuzz-id' || k.startsWith('dlq-'))
                .map(([k, v]) => [k, String(v)]),
            );
            o.rawSeen.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, headers });
            const id = m.headers?.['correlation-id']?.toString();
            if (requests.has(batch.topic) && id) o.written.set(id, (o.written.get(id) ?? 0) + 1);
          }
          if (!m.value) continue;
          if (replies.has(batch.topic)) {
            const v = (await registry.decode(m.value)) as { requestId: string; messageCode: string; status: number };
            const seen: SeenReply = {
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              text: canonical(v),
              code: v.messageCode,
              status: v.status,
              correlationId: m.headers?.['correlation-id']?.toString() ?? '',
            };
            o.replies.set(v.requestId, [...(o.replies.get(v.requestId) ?? []), seen]);
            o.replyCount++;
            o.arrivals.push(Date.now());
            o.produced.push(Number(m.timestamp));
          } else if (events.has(batch.topic)) {
            const v = (await registry.decode(m.value)) as { event: { contactId: string } };
            o.approvals.set(v.event.contactId, (o.approvals.get(v.event.contactId) ?? 0) + 1);
          }
        }
      },
    });
    return o;
  }

  /** Offsets of committed messages of `topics` at or past `group`'s committed offsets (0: it consumed them all). */
  async lag(group: string, topics: readonly string[]): Promise<number> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      let lag = 0;
      for (const t of await admin.fetchOffsets({ groupId: group, topics: [...topics] })) {
        for (const p of t.partitions) {
          const last = this.last.get(`${t.topic}:${p.partition}`);
          const from = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
          if (last !== undefined && from <= last) lag += Number(last - from + 1n);
        }
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
