// The console's memory of the topics: one consumer (a throw-away group, nothing
// committed, read_committed like the workers' reply consumers) follows every declared
// topic from its first offset and keeps each message's position, key, headers and
// bytes, looked up by key, requestId, correlation id and event id. A trace is then a
// few map look-ups instead of a scan of every topic.
//
// Bounded: past `limit` messages the oldest are forgotten (a trace then says how far
// back it reaches). Values are decoded when indexed only to learn their ids; pages
// decode again to show them. `caughtUp` is true once every partition reached the end
// offset it had when the index started.
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { headerText, type ValueCodec } from '@workers/ops';
import type { ConsoleLogger } from '../logger';

export interface Indexed {
  /** `<topic>:<partition>:<offset>` */
  id: string;
  topic: string;
  partition: number;
  offset: number;
  /** Epoch ms. */
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  /** The value's requestId (requests, replies, decodable dead letters) or eventId (events). */
  valueId: string | null;
}

function lookupIds(e: Indexed): string[] {
  return [
    ...new Set(
      [e.key, e.valueId, e.headers['correlation-id'], e.headers['event-id'], e.headers['dlq-replayed-from']].filter(
        (x): x is string => !!x,
      ),
    ),
  ];
}

export class TopicIndex {
  private readonly entries = new Map<string, Indexed>();
  private readonly byLookup = new Map<string, Set<string>>();
  private readonly byTopic = new Map<string, Set<string>>();
  private readonly next = new Map<string, number>();
  private readonly target = new Map<string, number>();
  private consumer?: Consumer;
  private failed: string | null = null;
  private caught = false;
  /** Oldest timestamp forgotten because of the limit, if any was. */
  forgottenBefore: number | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: ValueCodec,
    private readonly limit: number,
    private readonly logger: ConsoleLogger,
  ) {}

  /** Starts following `topics` (those that exist); resolves once the consumer runs, before catching up. */
  async start(topics: readonly string[]): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    let present: string[];
    try {
      const existing = new Set(await admin.listTopics());
      present = topics.filter((t) => existing.has(t));
      for (const t of present) {
        for (const p of await admin.fetchTopicOffsets(t)) this.target.set(`${t}:${p.partition}`, Number(p.high));
      }
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    if (present.length === 0) return present;
    const consumer = this.kafka.consumer({
      groupId: `console-${randomUUID()}`,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      this.advance(`${payload.topic}:${payload.partition}`, Number(payload.lastOffset) + 1),
    );
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.failed = payload.error.message;
      this.logger.error('index.failed', { error: payload.error.message });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...present], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value;
        const decoded = value ? await this.codec.decodeJson(value) : { error: 'empty' };
        const v = 'value' in decoded ? (decoded.value as Record<string, unknown> | null) : null;
        const id = typeof v?.requestId === 'string' ? v.requestId : typeof v?.eventId === 'string' ? v.eventId : null;
        this.add({
          id: `${topic}:${partition}:${message.offset}`,
          topic,
          partition,
          offset: Number(message.offset),
          timestamp: Number(message.timestamp),
          key: message.key?.toString('utf8') ?? null,
          headers: headerText(message.headers ?? {}),
          value,
          valueId: id,
        });
        this.advance(`${topic}:${partition}`, Number(message.offset) + 1);
      },
    });
    return present;
  }

  private add(e: Indexed): void {
    this.entries.set(e.id, e);
    for (const k of lookupIds(e)) this.link(this.byLookup, k, e.id);
    this.link(this.byTopic, e.topic, e.id);
    while (this.entries.size > this.limit) {
      const gone = this.entries.values().next().value as Indexed;
      this.entries.delete(gone.id);
      for (const [map, k] of [
        ...lookupIds(gone).map((k) => [this.byLookup, k] as const),
        [this.byTopic, gone.topic] as const,
      ]) {
        const set = map.get(k);
        set?.delete(gone.id);
        if (set?.size === 0) map.delete(k);
      }
      if (this.forgottenBefore === null || gone.timestamp > this.forgottenBefore) this.forgottenBefore = gone.timestamp;
    }
  }

  private link(map: Map<string, Set<string>>, k: string, id: string): void {
    let set = map.get(k);
    if (!set) {
      set = new Set();
      map.set(k, set);
    }
    set.add(id);
  }

  private advance(tp: string, to: number): void {
    if (to > (this.next.get(tp) ?? 0)) this.next.set(tp, to);
    if (!this.caught) this.checkCaughtUp();
  }

  private checkCaughtUp(): void {
    if ([...this.target].every(([tp, high]) => (this.next.get(tp) ?? 0) >= high)) {
      this.caught = true;
      this.logger.info('index.caught_up', { messages: this.entries.size });
    }
  }

  /**
   * Every message whose key, requestId, correlation id or event id is `id`, or that
   * was replayed from the dead letter `id` (`<dlq>:<partition>:<offset>`); oldest first.
   */
  lookup(id: string): Indexed[] {
    return this.resolve(this.byLookup.get(id));
  }

  /** One message by its `<topic>:<partition>:<offset>`. */
  get(id: string): Indexed | undefined {
    return this.entries.get(id);
  }

  /** Every message of `topic` still remembered. */
  inTopic(topic: string): Indexed[] {
    return this.resolve(this.byTopic.get(topic));
  }

  private resolve(ids: Set<string> | undefined): Indexed[] {
    const out: Indexed[] = [];
    for (const id of ids ?? []) {
      const e = this.entries.get(id);
      if (e) out.push(e);
    }
    return out.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
  }

  status(): { caughtUp: boolean; messages: number; failed: string | null; forgottenBefore: number | null } {
    return {
      caughtUp: this.caught,
      messages: this.entries.size,
      failed: this.failed,
      forgottenBefore: this.forgottenBefore,
    };
  }

  decode(e: Indexed): ReturnType<ValueCodec['decodeJson']> {
    return e.value ? this.codec.decodeJson(e.value) : Promise.resolve({ error: 'the message has no value' });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
