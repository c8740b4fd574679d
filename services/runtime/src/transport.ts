// The Kafka side of the runtime, and the only module that imports kafkajs, so a
// faster KafkaJS-compatible client can replace it. Consumption is read_committed
// with no auto-commit: offsets are committed only inside the transaction that
// also carries the replies (transactional producer + sendOffsets).
import { Kafka, logLevel, Partitioners, type Consumer, type EachBatchPayload, type Producer, type SASLOptions, type IHeaders } from 'kafkajs';
import type { BaseConfig } from './config';
import { kafkaLogCreator } from './kafka-log';
import type { Logger } from './logger';

export interface InMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface OutMessage {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface BatchControl {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  /** Produces `out` and commits the offset after `lastOffset`, atomically. */
  commit(out: OutMessage[], lastOffset: string): Promise<void>;
}

function headersOf(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

function sasl(c: BaseConfig): SASLOptions | undefined {
  if (!c.KAFKA_SASL_MECHANISM || !c.KAFKA_SASL_USERNAME || !c.KAFKA_SASL_PASSWORD) return undefined;
  return { mechanism: c.KAFKA_SASL_MECHANISM, username: c.KAFKA_SASL_USERNAME, password: c.KAFKA_SASL_PASSWORD } as SASLOptions;
}

export class KafkaTransport {
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private producer?: Producer;
  private txLock: Promise<void> = Promise.resolve();

  constructor(private readonly config: BaseConfig, private readonly clientId: string, private readonly groupId: string, logger: Logger) {
    this.kafka = new Kafka({
      clientId,
      brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
      ssl: config.KAFKA_SSL,
      sasl: sasl(config),
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(logger),
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  /** Topics that exist on the cluster (for validating routes and reply-topic headers). */
  async existingTopics(): Promise<Set<string>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return new Set(await admin.listTopics());
    } finally {
      await admin.disconnect();
    }
  }

  async start(topics: string[], opts: { partitionsConcurrently: number }, onBatch: (messages: InMessage[], ctl: BatchControl) => Promise<void>, onCrash: (err: Error) => void): Promise<void> {
    // A stable transactional id per worker instance: a restarted instance fences
    // its previous incarnation and aborts the transaction it left open.
    this.producer = this.kafka.producer({
      transactionalId: `${this.groupId}-${this.config.INSTANCE_ID}`,
      idempotent: true,
      maxInFlightRequests: 1,
      // murmur2 on the key, as Java clients partition: a reply lands where they expect it.
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionTimeout: 60_000,
      // Right after a commit the broker answers the next transaction's first request with
      // CONCURRENT_TRANSACTIONS until its markers are written (a few ms); the default
      // backoff turned that into ~100 ms per transaction. Start retrying fast, as the
      // Java client does; connection failures still back off to maxRetryTime.
      retry: { retries: 10, initialRetryTime: 10, maxRetryTime: 5_000 },
    });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.min(3_000, Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 3)),
      // How long an idle fetch waits at the broker; stop() waits for the fetch in flight, so
      // this bounds how long SIGTERM takes on a quiet topic (kafkajs's default is 5 s).
      maxWaitTimeInMs: this.config.KAFKA_FETCH_MAX_WAIT_MS,
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      if (!e.payload.restart) onCrash(e.payload.error);
    });
    await this.consumer.connect();
    for (const topic of topics) await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: opts.partitionsConcurrently,
      eachBatch: async (p: EachBatchPayload) => {
        const messages: InMessage[] = p.batch.messages.map((m) => ({
          topic: p.batch.topic, partition: p.batch.partition, offset: m.offset,
          key: m.key ? m.key.toString() : null, value: m.value, headers: headersOf(m.headers),
        }));
        await onBatch(messages, {
          heartbeat: () => p.heartbeat(),
          isRunning: () => p.isRunning() && !p.isStale(),
          commit: async (out, lastOffset) => {
            await this.transact(out, p.batch.topic, p.batch.partition, lastOffset);
            p.resolveOffset(lastOffset);
          },
        });
      },
    });
  }

  /** One transaction at a time per producer: concurrent partitions queue here. */
  private async transact(out: OutMessage[], topic: string, partition: number, lastOffset: string): Promise<void> {
    const run = this.txLock.then(async () => {
      const producer = this.producer;
      if (!producer) throw new Error('transport not started');
      const tx = await producer.transaction();
      try {
        const byTopic = new Map<string, OutMessage[]>();
        for (const m of out) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
        if (byTopic.size > 0) {
          await tx.sendBatch({ topicMessages: [...byTopic].map(([t, ms]) => ({ topic: t, messages: ms.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) })) });
        }
        await tx.sendOffsets({ consumerGroupId: this.groupId, topics: [{ topic, partitions: [{ partition, offset: (BigInt(lastOffset) + 1n).toString() }] }] });
        await tx.commit();
      } catch (err) {
        await tx.abort().catch(() => undefined);
        throw err;
      }
    });
    this.txLock = run.catch(() => undefined);
    return run;
  }

  /** Stops fetching; waits for the batch in flight to finish (its commit included). */
  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
