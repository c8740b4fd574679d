// Dead-letter entries as the runtime writes them (bytes and key unchanged, headers
// `dlq-*` naming the error and origin; DLQ_HEADERS in @workers/runtime), and the
// message a replay sends back. Pure.
import { dlqOrigin, dlqTopicOf } from '@workers/contracts';
import { DLQ_HEADERS } from '@workers/runtime';
import type { IHeaders } from 'kafkajs';
import type { RawMessage } from './kafka/reader';
import { headerText, isoTime } from './message-json';
import type { OffsetArg } from './positions';

export const REPLAYED_FROM = 'dlq-replayed-from';

/** `alcs.card.requests` and `alcs.card.requests.dlq` both name the DLQ `alcs.card.requests.dlq`. */
export function dlqNamedBy(topicOrDlq: string): string {
  return dlqOrigin(topicOrDlq) === undefined ? dlqTopicOf(topicOrDlq) : topicOrDlq;
}

/** What `dlq list` prints for an entry: never the value itself, only its size. */
export function describeEntry(m: RawMessage): Record<string, unknown> {
  const h = headerText(m.headers);
  const originPartition = h[DLQ_HEADERS.originPartition];
  return {
    partition: m.partition,
    offset: Number(m.offset),
    timestamp: isoTime(m.timestamp),
    key: m.key?.toString('utf8') ?? null,
    error: h[DLQ_HEADERS.error] ?? null,
    origin: {
      topic: h[DLQ_HEADERS.originTopic] ?? null,
      partition: originPartition === undefined ? null : Number(originPartition),
      offset: h[DLQ_HEADERS.originOffset] === undefined ? null : Number(h[DLQ_HEADERS.originOffset]),
    },
    failedAt: h[DLQ_HEADERS.failedAt] ?? null,
    size: m.value?.length ?? 0,
    headers: Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('dlq-') || k === REPLAYED_FROM)),
  };
}

export interface Replay {
  from: string;
  topic: string;
  /** The origin partition, when the entry names one; else the key decides. */
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** The entry re-produced to its origin: same key and bytes, its headers minus `dlq-*`, plus where it came from. */
export function replayOf(m: RawMessage, dlqTopic: string): Replay {
  const h = headerText(m.headers);
  const partition = Number(h[DLQ_HEADERS.originPartition]);
  const from = `${dlqTopic}:${m.partition}:${m.offset}`;
  const kept = Object.entries(m.headers).filter(([k]) => !k.startsWith('dlq-'));
  return {
    from,
    topic: h[DLQ_HEADERS.originTopic] || (dlqOrigin(dlqTopic) ?? dlqTopic),
    partition: Number.isSafeInteger(partition) && partition >= 0 ? partition : undefined,
    key: m.key,
    value: m.value,
    headers: { ...Object.fromEntries(kept), [REPLAYED_FROM]: from },
  };
}

/** The entries `--offset` names (`n` in any partition, `p:n` in one), and the arguments that matched none. */
export function selectEntries(
  entries: readonly RawMessage[],
  wanted: readonly OffsetArg[],
): { chosen: RawMessage[]; unmatched: OffsetArg[] } {
  const hit = (m: RawMessage, w: OffsetArg): boolean =>
    BigInt(m.offset) === w.offset && (w.partition === undefined || w.partition === m.partition);
  return {
    chosen: entries.filter((m) => wanted.some((w) => hit(m, w))),
    unmatched: wanted.filter((w) => !entries.some((m) => hit(m, w))),
  };
}
