// Reads one topic from chosen offsets with a throw-away consumer group (random id,
// nothing committed), read_committed, so operators see what reply consumers see.
//
// Seeks can only follow `run()`, and kafkajs may fetch once before they apply; the
// per-partition `next` offset drops anything before the wanted position or seen
// twice, so each message is delivered once, in offset order per partition.
// "Caught up" counts transaction markers and aborted records too (kafkajs reports
// batches emptied by filtering), so a log ending in a commit marker still ends.
import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';

export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  /** Epoch ms, as Kafka keeps it (text). */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export interface ReadOptions {
  topic: string;
  /** First offset to read per partition; partitions absent are skipped. */
  from: ReadonlyMap<number, bigint>;
  /** Stop once every read partition reaches this offset (exclusive); without it, follow. */
  until?: ReadonlyMap<number, bigint>;
  /** Return false to stop. A throw ends the read with that error. */
  onMessage(m: RawMessage): Promise<boolean> | boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ReadEnd = 'caught-up' | 'stopped' | 'timeout' | 'interrupted';

export async function readTopic(kafka: Kafka, o: ReadOptions): Promise<ReadEnd> {
  const next = new Map(o.from);
  const caughtUp = (): boolean => !!o.until && [...next].every(([p, n]) => n >= (o.until?.get(p) ?? 0n));
  if (caughtUp()) return 'caught-up';

  let settle: (end: ReadEnd | Error) => void = () => undefined;
  const done = new Promise<ReadEnd | Error>((resolve) => (settle = resolve));
  let ended = false;
  const end = (why: ReadEnd | Error): void => {
    if (!ended) settle(why);
    ended = true;
  };
  const advance = (partition: number, to: bigint): void => {
    const at = next.get(partition);
    if (at !== undefined && to > at) next.set(partition, to);
    if (caughtUp()) end('caught-up');
  };

  const consumer = kafka.consumer({
    groupId: `ops-${randomUUID()}`,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === o.topic && payload.batchSize === 0)
      advance(payload.partition, BigInt(payload.lastOffset) + 1n);
  });
  // Partitions not asked for are paused, so they are not fetched at all.
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const skipped = (payload.memberAssignment[o.topic] ?? []).filter((p) => !o.from.has(p));
    if (skipped.length > 0) consumer.pause([{ topic: o.topic, partitions: skipped }]);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) end(payload.error);
  });
  const timer = o.timeoutMs !== undefined ? setTimeout(() => end('timeout'), o.timeoutMs) : undefined;
  const interrupted = (): void => end('interrupted');
  o.signal?.addEventListener('abort', interrupted);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [o.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const want = next.get(partition);
        const offset = BigInt(message.offset);
        if (ended || want === undefined || offset < want) return;
        next.set(partition, offset + 1n);
        try {
          const more = await o.onMessage({
            topic: o.topic,
            partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
          if (!more) end('stopped');
          else if (caughtUp()) end('caught-up');
        } catch (err) {
          end(err instanceof Error ? err : new Error(String(err)));
        }
      },
    });
    for (const [partition, offset] of o.from) consumer.seek({ topic: o.topic, partition, offset: offset.toString() });
    const result = await done;
    if (result instanceof Error) throw result;
    return result;
  } finally {
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', interrupted);
    await consumer.disconnect().catch(() => undefined);
  }
}
