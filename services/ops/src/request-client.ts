// A request-reply client over Kafka: converts an operator's JSON request with the
// topic's registered schema, produces it with a correlation-id, and hands back the
// reply whose correlation-id header matches. Used by `ops request` (one question)
// and the demo (many, in sequence).
//
// For each reply topic it follows, the end offsets are taken when the client opens,
// BEFORE anything is produced, and read from there: a reply cannot be missed however
// fast the worker answers. Throws OpsError for what an operator must fix (no schema,
// a request that does not fit it, a missing topic).
import type { Kafka } from 'kafkajs';
import { ConversionError, fromJson } from './avro/from-json';
import { failure, usageError } from './exit';
import { partitionBounds, requireTopics, withAdmin } from './kafka/admin';
import { readTopic, type RawMessage } from './kafka/reader';
import { headerText, messageJson, type MessageJson } from './message-json';
import type { ValueCodec } from './registry/codec';
import { deriveKey, fillEnvelope } from './request-envelope';

export interface Sent {
  requestId: string;
  key: string;
  partition: number;
  offset: string;
}

export class RequestClient {
  private readonly waiters = new Map<string, (m: RawMessage) => void>();
  private readonly early = new Map<string, RawMessage>();
  private readonly abort = new AbortController();
  private readonly readers: Promise<unknown>[] = [];
  private readonly producer;

  private constructor(
    kafka: Kafka,
    private readonly codec: ValueCodec,
  ) {
    this.producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
  }

  /** Starts following `replyTopics` from their current ends. */
  static async open(kafka: Kafka, codec: ValueCodec, replyTopics: readonly string[]): Promise<RequestClient> {
    const c = new RequestClient(kafka, codec);
    const ends = await withAdmin(kafka, async (admin) => {
      await requireTopics(admin, replyTopics);
      return Promise.all(
        replyTopics.map(
          async (t) => [t, new Map([...(await partitionBounds(admin, t))].map(([p, b]) => [p, b.high]))] as const,
        ),
      );
    });
    for (const [topic, from] of ends) {
      c.readers.push(
        readTopic(kafka, { topic, from, signal: c.abort.signal, onMessage: (m) => c.arrived(m) }).catch(
          () => undefined,
        ),
      );
    }
    await c.producer.connect();
    return c;
  }

  private arrived(m: RawMessage): boolean {
    const id = headerText(m.headers)['correlation-id'];
    if (id === undefined) return true;
    const waiter = this.waiters.get(id);
    if (waiter) waiter(m);
    else this.early.set(id, m);
    return true;
  }

  /** Converts and produces `json` (requestId and sentAt filled when absent). */
  async send(topic: string, json: unknown, o: { key?: string; replyTopic?: string } = {}): Promise<Sent> {
    const { request, requestId } = fillEnvelope(json);
    const subject = `${topic}-value`;
    const schema = await this.codec.latest(subject).catch((err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      throw failure(
        (err as { status?: number }).status === 404
          ? `no schema registered under ${subject}: run \`ops schemas register\``
          : `schema registry: ${why}`,
      );
    });
    let value: unknown;
    try {
      value = fromJson(schema.type, request);
    } catch (err) {
      if (err instanceof ConversionError) throw usageError(err.message);
      throw err;
    }
    const key = o.key ?? deriveKey(value as Record<string, unknown>);
    const headers: Record<string, string> = {
      'correlation-id': requestId,
      ...(o.replyTopic ? { 'reply-topic': o.replyTopic } : {}),
    };
    const [sent] = await this.producer.send({
      topic,
      messages: [{ key, value: await this.codec.encode(schema.id, value), headers }],
    });
    return { requestId, key, partition: sent?.partition ?? -1, offset: sent?.baseOffset ?? '' };
  }

  /** The reply to `requestId` as JSON, or undefined after `timeoutMs`. */
  async reply(requestId: string, timeoutMs: number): Promise<MessageJson | undefined> {
    const already = this.early.get(requestId);
    const m =
      already ??
      (await new Promise<RawMessage | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        this.waiters.set(requestId, (got) => {
          clearTimeout(timer);
          resolve(got);
        });
      }));
    this.waiters.delete(requestId);
    this.early.delete(requestId);
    return m ? messageJson(m, this.codec) : undefined;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.readers);
    await this.producer.disconnect().catch(() => undefined);
  }
}
