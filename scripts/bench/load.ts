// Drives a worker: requests encoded once beforehand, produced as a burst (as fast
// as the producer goes) or paced evenly (a slice every 10 ms), and replies timed on
// arrival by a read_committed consumer (its batch callback stamps them; no polling
// clock), matched to their request by the correlation-id header.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { avroLogicalTypes } from '@workers/runtime';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { BenchRequest } from './requests';
import { groupBy } from '@workers/runtime';

export interface Encoded {
  topic: string;
  key: string;
  requestId: string;
  bytes: Buffer;
}

export async function encodeAll(reqs: readonly BenchRequest[], registryUrl: string): Promise<Encoded[]> {
  const registry = new SchemaRegistry({ host: registryUrl }, { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } });
  const ids = new Map<string, number>();
  const out: Encoded[] = [];
  for (const r of reqs) {
    let id = ids.get(r.topic);
    if (id === undefined) {
      id = await registry.getLatestSchemaId(`${r.topic}-value`);
      ids.set(r.topic, id);
    }
    out.push({ topic: r.topic, key: r.key, requestId: r.requestId, bytes: await registry.encode(id, r.value) });
  }
  return out;
}

export class ReplyWatch {
  readonly arrivals = new Map<string, number[]>();
  total = 0;
  /** Replies by their message-code header. */
  readonly codes: Record<string, number> = {};
  /** When the latest reply arrived. */
  lastAt = 0;
  private constructor(private readonly consumer: Consumer) {}

  static async open(kafka: Kafka, topics: readonly string[], group: string): Promise<ReplyWatch> {
    const consumer = kafka.consumer({
      groupId: group,
      readUncommitted: false,
      maxWaitTimeInMs: 20,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    const w = new ReplyWatch(consumer);
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        const at = Date.now();
        for (const m of batch.messages) {
          const id = m.headers?.['correlation-id']?.toString();
          if (id === undefined) continue;
          const list = w.arrivals.get(id) ?? [];
          list.push(at);
          w.arrivals.set(id, list);
          w.total++;
          const code = m.headers?.['message-code']?.toString() ?? '?';
          w.codes[code] = (w.codes[code] ?? 0) + 1;
        }
        w.lastAt = at;
      },
    });
    return w;
  }

  async waitForTotal(n: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.total < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.total} of ${n} replies after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.lastAt;
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Send times per requestId (a re-sent request has several). */
export type SendLog = Map<string, number[]>;

export async function sendSlice(producer: Producer, slice: readonly Encoded[], sent: SendLog): Promise<void> {
  const byTopic = groupBy(slice, (e) => e.topic);
  const at = Date.now();
  for (const e of slice) {
    const times = sent.get(e.requestId);
    if (times) times.push(at);
    else sent.set(e.requestId, [at]);
  }
  await producer.sendBatch({
    topicMessages: [...byTopic].map(([topic, ms]) => ({
      topic,
      messages: ms.map((e) => ({ key: e.key, value: e.bytes, headers: { 'correlation-id': e.requestId } })),
    })),
  });
}

export async function burst(
  producer: Producer,
  reqs: readonly Encoded[],
  watch: ReplyWatch,
  timeoutMs = 600_000,
): Promise<{ seconds: number; sent: SendLog }> {
  const sent: SendLog = new Map();
  const before = watch.total;
  const started = Date.now();
  for (let i = 0; i < reqs.length; i += 500) await sendSlice(producer, reqs.slice(i, i + 500), sent);
  const last = await watch.waitForTotal(before + reqs.length, timeoutMs);
  return { seconds: (last - started) / 1000, sent };
}

export async function paced(
  producer: Producer,
  reqs: readonly Encoded[],
  rate: number,
  watch: ReplyWatch,
): Promise<{ seconds: number; sent: SendLog }> {
  const sent: SendLog = new Map();
  const before = watch.total;
  const started = Date.now();
  const perTick = rate / 100;
  let i = 0;
  for (let tick = 1; i < reqs.length; tick++) {
    const upTo = Math.min(reqs.length, Math.round(tick * perTick));
    if (upTo > i) await sendSlice(producer, reqs.slice(i, upTo), sent);
    i = upTo;
    const wait = started + tick * 10 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const last = await watch.waitForTotal(before + reqs.length, 120_000);
  return { seconds: (last - started) / 1000, sent };
}

/** Each reply's time after its request was sent, pairing re-sent requests in order. */
export function latencies(sent: SendLog, watch: ReplyWatch): number[] {
  const out: number[] = [];
  for (const [id, times] of sent) {
    const arrived = (watch.arrivals.get(id) ?? []).slice(-times.length);
    times.forEach((t, k) => {
      if (arrived[k] !== undefined) out.push(arrived[k] - t);
    });
  }
  return out.sort((a, b) => a - b);
}
