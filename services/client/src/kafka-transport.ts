// The client's transport on Kafka (kafkajs through the runtime's one client factory).
//
// Producer: idempotent, and one produce call in flight at a time: requests sent
// meanwhile go together in the next call, in the order they were sent, so requests of
// one key keep their order and a burst costs few round trips. Kafka answers a produce
// call per partition (the first offset written there), not per message; kafkajs's own
// partitioner is wrapped to note each message's partition, so every request learns its
// own partition and offset.
//
// Replies: one read_committed consumer per client, in a consumer group of its own (a
// random id; nothing committed). Not the group of anyone else: a reply lands on the
// partition its request's key chose, so every client must read every partition of the
// reply topic, and a shared group would hand each member only some of them. kafkajs
// cannot read without a group. The topic's end offsets are taken before listen()
// resolves, and reading starts there, so no reply to a request sent afterwards is missed
// however fast the worker answers; anything older is dropped, also when kafkajs fetches
// once before the seek applies.
import { randomUUID } from 'node:crypto';
import { type Consumer, type ICustomPartitioner, type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { ClientTransport, Position, ReplyMessage, RequestMessage } from './transport';

const JOIN_TIMEOUT_MS = 30_000;

/**
 * Errors after which an idempotent producer's session (its producer id and sequence numbers) is
 * unusable: kafkajs keeps the session, so every later send fails the same way (a chaos run's
 * sender failed 74 times in a row after a broker kill). A new producer starts a new session.
 */
const LOST_SESSION = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** Whether `err`, or an error it wraps (kafkajs's retrier wraps the last one), is LOST_SESSION's. */
export function lostSession(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as { type?: unknown; originalError?: unknown; cause?: unknown };
  if (typeof e.type === 'string' && LOST_SESSION.has(e.type)) return true;
  return lostSession(e.originalError, depth + 1) || lostSession(e.cause, depth + 1);
}

interface Queued {
  msg: RequestMessage;
  resolve(at: Position): void;
  reject(err: unknown): void;
}

/** kafkajs's default partitioner, noting in `placed` the partition each message object got. */
function noting(placed: WeakMap<object, number>): ICustomPartitioner {
  return () => {
    const pick = Partitioners.DefaultPartitioner();
    return (args) => {
      const partition = pick(args);
      placed.set(args.message, partition);
      return partition;
    };
  };
}

export class KafkaClientTransport implements ClientTransport {
  private producer: Producer;
  private consumer?: Consumer;
  private connected?: Promise<void>;
  private queue: Queued[] = [];
  private flushing = false;
  private readonly placed = new WeakMap<object, number>();

  constructor(
    private readonly kafka: Kafka,
    private readonly groupPrefix: string,
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    // Bounded retries: a produce that cannot succeed must fail, so the client can say NotSent
    // (an application-level re-send of the same requestId stays safe).
    return this.kafka.producer({
      idempotent: true,
      allowAutoTopicCreation: false,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      createPartitioner: noting(this.placed),
    });
  }

  /** The next send goes through a new producer (a new idempotent session); the old one is closed. */
  private renewProducer(): void {
    const old = this.producer;
    this.producer = this.newProducer();
    this.connected = undefined;
    void old.disconnect().catch(() => undefined);
  }

  async listen(topic: string, onReply: (m: ReplyMessage) => void): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const next = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
    const consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}-${randomUUID()}`,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    // Start at the end offsets read above, at every join (no offsets are committed, so a rejoin
    // would start from the beginning). kafkajs refuses a seek while it restarts its consumer after a
    // crash (say, a coordinator that moved during the first join); the restart joins again and
    // seeks then, and the filter in eachMessage skips anything older meanwhile.
    const seekAll = (): void => {
      for (const [partition, offset] of next) {
        try {
          consumer.seek({ topic, partition, offset: offset.toString() });
        } catch {
          return;
        }
      }
    };
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => {
        seekAll();
        resolve();
      }),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset < (next.get(partition) ?? 0n)) return;
        next.set(partition, offset + 1n);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
        onReply({
          topic,
          partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers,
        });
      },
    });
    seekAll();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no partition of ${topic} assigned within ${JOIN_TIMEOUT_MS} ms`)),
        JOIN_TIMEOUT_MS,
      );
    });
    await Promise.race([joined, late]).finally(() => clearTimeout(timer));
  }

  send(msg: RequestMessage): Promise<Position> {
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      this.connected ??= this.producer.connect();
      await this.connected.catch((err: unknown) => {
        this.connected = undefined;
        throw err;
      });
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const out = batch.map((q) => ({ key: q.msg.key, value: q.msg.value, headers: q.msg.headers }));
        const byTopic = new Map<string, typeof out>();
        for (const [i, q] of batch.entries()) {
          const list = byTopic.get(q.msg.topic) ?? [];
          list.push(out[i]!);
          byTopic.set(q.msg.topic, list);
        }
        try {
          const acks = await this.producer.sendBatch({
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          const first = new Map(acks.map((a) => [`${a.topicName}:${a.partition}`, a.baseOffset]));
          const taken = new Map<string, bigint>();
          // A partition's messages were written in the order sent, from the offset its answer names.
          for (const [i, q] of batch.entries()) {
            const partition = this.placed.get(out[i]!) ?? -1;
            const at = `${q.msg.topic}:${partition}`;
            const n = taken.get(at) ?? 0n;
            taken.set(at, n + 1n);
            const base = first.get(at);
            q.resolve({ partition, offset: base === undefined || partition < 0 ? '-1' : String(BigInt(base) + n) });
          }
        } catch (err) {
          for (const q of batch) q.reject(err);
          if (lostSession(err)) {
            this.renewProducer();
            this.connected = this.producer.connect();
            await this.connected.catch((e: unknown) => {
              this.connected = undefined;
              throw e;
            });
          }
        }
      }
    } catch (err) {
      for (const q of this.queue.splice(0)) q.reject(err);
    } finally {
      this.flushing = false;
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }
}
