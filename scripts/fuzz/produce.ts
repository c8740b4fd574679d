// How the fuzz writes: small messages in slices of 200, each large one alone (a record
// batch of one partition must stay under the broker's limit), its partition and offset
// kept in `origins`. The hostile messages go through a raw producer: they are bytes
// and headers no client may write (rawWrites). The valid requests go through
// @workers/client like every request of ours (requestWrites).
import { groupBy } from '@workers/runtime';
import type { Producer } from 'kafkajs';
import type { Prepared } from '@workers/client';
import type { RequestSender } from '../lib/request-sender';
import type { Fuzzed } from './hostile';
import type { Origins } from './verify';

type Position = { partition: number; offset: string };

/** Writes messages of one kind. */
export interface Writes<T> {
  id(m: T): string;
  /** Bytes of the value and the header values. */
  size(m: T): number;
  together(slice: readonly T[]): Promise<unknown>;
  /** Writes `m` in a produce call of its own; where it landed, when the broker said. */
  alone(m: T): Promise<Position | undefined>;
}

const LARGE = 20_000;
const headerBytes = (h: Record<string, string>): number => Object.values(h).reduce((s, v) => s + v.length, 0);

export async function produce<T>(items: readonly T[], w: Writes<T>, origins: Origins): Promise<void> {
  let slice: T[] = [];
  const flush = async (): Promise<void> => {
    if (slice.length > 0) await w.together(slice);
    slice = [];
  };
  for (const m of items) {
    if (w.size(m) > LARGE) {
      const at = await w.alone(m);
      if (at) origins.set(w.id(m), at);
      continue;
    }
    slice.push(m);
    if (slice.length >= 200) await flush();
  }
  await flush();
}

export function rawWrites(producer: Producer): Writes<Fuzzed> {
  const message = (m: Fuzzed) => ({ key: m.key, value: m.value, headers: m.headers });
  return {
    id: (m) => m.id,
    size: (m) => (m.value?.length ?? 0) + headerBytes(m.headers),
    together: (slice) =>
      producer.sendBatch({
        topicMessages: [...groupBy(slice, (m) => m.target.topic)].map(([topic, ms]) => ({
          topic,
          messages: ms.map(message),
        })),
      }),
    alone: async (m) => {
      const [at] = await producer.send({ topic: m.target.topic, messages: [message(m)] });
      return at && { partition: at.partition, offset: String(at.baseOffset ?? at.offset) };
    },
  };
}

export function requestWrites(sender: RequestSender): Writes<Prepared> {
  return {
    id: (p) => p.requestId,
    size: (p) => p.message.value.length + headerBytes(p.message.headers),
    together: (slice) => sender.send(slice),
    alone: async (p) => {
      const [at] = await sender.send([p]);
      return at && at.partition >= 0 ? { partition: at.partition, offset: at.offset } : undefined;
    },
  };
}
