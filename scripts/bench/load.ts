// Drives a worker: requests prepared beforehand (scripts/lib/request-sender.ts),
// written as a burst (as fast as the producer goes) or paced evenly (a slice every
// 10 ms), and replies timed on arrival by a read_committed consumer (its batch
// callback stamps them; no polling clock), matched to their request by the
// correlation-id header.
import type { Consumer, Kafka } from 'kafkajs';
import { logSent, type SendLog } from '../lib/request-sender';

/** Writes one slice (one produce call); resolves once it is acknowledged. */
export type SliceSender<T> = (slice: readonly T[]) => Promise<unknown>;

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

/** `send(slice)`, its requests noted in `sent` as handed over at this moment. */
async function timed<T extends { requestId: string }>(
  send: SliceSender<T>,
  slice: readonly T[],
  sent: SendLog,
): Promise<void> {
  const ids = slice.map((r) => r.requestId);
  logSent(sent, ids);
  await send(slice);
}

export async function burst<T extends { requestId: string }>(
  send: SliceSender<T>,
  reqs: readonly T[],
  watch: ReplyWatch,
  timeoutMs = 600_000,
): Promise<{ seconds: number; sent: SendLog }> {
  const sent: SendLog = new Map();
  const before = watch.total;
  const started = Date.now();
  for (let i = 0; i < reqs.length; i += 500) await timed(send, reqs.slice(i, i + 500), sent);
  const last = await watch.waitForTotal(before + reqs.length, timeoutMs);
  return { seconds: (last - started) / 1000, sent };
}

export async function paced<T extends { requestId: string }>(
  send: SliceSender<T>,
  reqs: readonly T[],
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
    if (upTo > i) await timed(send, reqs.slice(i, upTo), sent);
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
