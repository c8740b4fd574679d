// Kafka helpers for integration tests: topics with random names (configs from the
// operator CLI's declaration where a test topic stands for a declared one), schemas registered
// from schemas/*.avsc under those topics' subjects, the stack's connection for
// @workers/client, a raw producer and a read_committed reply collector that decodes
// through the registry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { Call, ConnectOptions } from '@workers/client';
import { declaredTopic } from '@workers/contracts';
import { topicSpec } from '@workers/ops';
import { avroLogicalTypes, createTopicsReady } from '@workers/runtime';
import { repoRoot } from '@workers/devstack';
import { stackEnv, uniqueName } from './stack-env';

export function kafkaClient(): Kafka {
  return new Kafka({ clientId: 'tests', brokers: stackEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
}

/** Where @workers/client finds the test stack. */
export function clientStack(): Pick<ConnectOptions, 'brokers' | 'registryUrl'> {
  return { brokers: stackEnv().kafkaBrokers, registryUrl: stackEnv().registryUrl };
}

/** A client's options on the test stack: each request sent once, never given up on by the client (close() ends the calls). */
export function clientOnce(topics: { requests: string; replies: string }): ConnectOptions {
  return { ...clientStack(), topics, attempts: 1, timeoutMs: 600_000 };
}

/** Resolves once the calls' requests are written; their answers are read from a Collector, and ignored here. */
export async function written(calls: readonly Call<unknown>[]): Promise<void> {
  for (const c of calls) c.answer.catch(() => undefined);
  await Promise.all(calls.map((c) => c.sent));
}

export function registry(): SchemaRegistry {
  return new SchemaRegistry(
    { host: stackEnv().registryUrl },
    { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
  );
}

/** A topic named for a test that takes the configs (retention, min ISR) of a declared one (services/contracts/src/topics.ts). */
export interface TopicLike {
  name: string;
  like: string;
}

/** Creates `topics` at the replication the stack holds (1, or 3 on three brokers); a TopicLike gets its declared topic's configs. */
export async function createTopics(topics: (string | TopicLike)[], numPartitions = 3): Promise<void> {
  const admin = kafkaClient().admin();
  const { replicationFactor } = stackEnv();
  await admin.connect();
  await createTopicsReady(
    admin,
    topics.map((t) => {
      if (typeof t === 'string') return { topic: t, numPartitions, replicationFactor };
      const { configs } = topicSpec(t.like, { replicationFactor });
      return {
        topic: t.name,
        numPartitions,
        replicationFactor,
        configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
      };
    }),
  );
  await admin.disconnect();
}

/** Registers the schema of the declared topic `like` (services/contracts) as the value schema of `topic`; returns its id. */
export async function registerSchema(topic: string, like: string): Promise<number> {
  const schema = readFileSync(join(repoRoot, declaredTopic(like).schemaFile ?? `${like} has no schema`), 'utf8');
  const { id } = await registry().register({ type: SchemaType.AVRO, schema }, { subject: `${topic}-value` });
  return id;
}

/**
 * A request/reply topic pair (plus .dlq) with random names, the configs of the declared
 * topics named like the schema files (e.g. alcs.card.requests), and registered schemas.
 */
export async function requestReplyTopics(base: string, requestSchema: string, replySchema: string, partitions = 3) {
  const requests = uniqueName(`${base}.requests`);
  const replies = uniqueName(`${base}.replies`);
  const dlq = `${requests}.dlq`;
  await createTopics(
    [
      { name: requests, like: requestSchema },
      { name: replies, like: replySchema },
      { name: dlq, like: `${requestSchema}.dlq` },
    ],
    partitions,
  );
  const requestSchemaId = await registerSchema(requests, requestSchema);
  await registerSchema(replies, replySchema);
  return { requests, replies, dlq, requestSchemaId };
}

/**
 * A raw producer: for what @workers/client never sends (malformed bytes, forged headers,
 * dead letters, events). Requests as an upstream system sends them go through the client.
 */
export class RequestProducer {
  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly schemaId: number,
  ) {}

  static async open(topic: string, schemaId: number): Promise<RequestProducer> {
    const producer = kafkaClient().producer();
    await producer.connect();
    return new RequestProducer(producer, topic, schemaId);
  }

  async send(key: string, value: unknown, headers: Record<string, string> = {}): Promise<void> {
    const bytes = await registry().encode(this.schemaId, value);
    await this.producer.send({ topic: this.topic, messages: [{ key, value: bytes, headers }] });
  }

  async sendRaw(key: string | null, bytes: Buffer, headers: Record<string, string> = {}): Promise<void> {
    await this.producer.send({ topic: this.topic, messages: [{ key, value: bytes, headers }] });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface Received<T = Record<string, unknown>> {
  key: string | null;
  value: T;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Collects every message of a topic as a read_committed consumer sees it. */
export class Collector<T = Record<string, unknown>> {
  readonly received: Received<T>[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async open<T = Record<string, unknown>>(
    topic: string,
    opts: { decode?: boolean } = {},
  ): Promise<Collector<T>> {
    // A short fetch wait: close() waits for the fetch in flight (kafkajs's default is 5 s).
    const consumer = kafkaClient().consumer({
      groupId: uniqueName('collector'),
      readUncommitted: false,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const c = new Collector<T>(consumer);
    const reg = registry();
    // A consumer re-reads from its last committed offset after a broker restart or a
    // rebalance; an observer counts each message once, by its position.
    const seen = new Set<string>();
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const at = `${partition}:${message.offset}`;
        if (seen.has(at)) return;
        seen.add(at);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
        const value = (opts.decode === false ? message.value : await reg.decode(message.value!)) as T;
        c.received.push({ key: message.key?.toString() ?? null, value, headers, partition, offset: message.offset });
      },
    });
    return c;
  }

  /** Waits until `predicate` holds over what was received; throws with what was seen on timeout. */
  async waitFor(predicate: (all: Received<T>[]) => boolean, timeoutMs = 30_000): Promise<Received<T>[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeoutMs} ms; received ${this.received.length}: ${JSON.stringify(this.received.map((r) => r.value)).slice(0, 2000)}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.received;
  }

  async waitForCount(n: number, timeoutMs?: number): Promise<Received<T>[]> {
    return this.waitFor((all) => all.length >= n, timeoutMs);
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Waits until consumer group `group` is Stable with `members` members; returns how long that took. */
export async function waitForGroup(group: string, members: number, timeoutMs = 60_000): Promise<number> {
  const admin = kafkaClient().admin();
  await admin.connect();
  const started = Date.now();
  try {
    for (;;) {
      const g = (await admin.describeGroups([group])).groups[0];
      if (g?.state === 'Stable' && g.members.length === members) return Date.now() - started;
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `group ${group}: ${g?.state} with ${g?.members.length} members after ${timeoutMs} ms, not Stable with ${members}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
}
