// A message that cannot be decoded and names no requester goes, bytes unchanged,
// to the topic's .dlq with headers saying what was wrong and where it came from.
import type { InMessage, OutMessage } from './transport';

export const DLQ_HEADERS = {
  error: 'dlq-error',
  originTopic: 'dlq-origin-topic',
  originPartition: 'dlq-origin-partition',
  originOffset: 'dlq-origin-offset',
  failedAt: 'dlq-failed-at',
  /** Set on a dead letter that carries neither the original value nor its headers: the value's size. */
  valueOmitted: 'dlq-value-omitted',
} as const;

export function deadLetter(msg: InMessage, dlqTopic: string, error: string, now: number): OutMessage {
  return {
    topic: dlqTopic,
    key: msg.key,
    value: msg.value ?? Buffer.alloc(0),
    headers: {
      ...msg.headers,
      [DLQ_HEADERS.error]: error,
      [DLQ_HEADERS.originTopic]: msg.topic,
      [DLQ_HEADERS.originPartition]: String(msg.partition),
      [DLQ_HEADERS.originOffset]: msg.offset,
      [DLQ_HEADERS.failedAt]: new Date(now).toISOString(),
    },
  };
}

/**
 * The dead letter of last resort, for a message whose full dead letter the broker
 * refuses (too large once the headers above are added): no value, none of the
 * original headers, a key only if short; the origin headers say where the
 * original still is (the request topic keeps it for its retention).
 */
export function bareDeadLetter(msg: InMessage, dlqTopic: string, error: string, now: number): OutMessage {
  const letter = deadLetter(
    { ...msg, key: msg.key !== null && msg.key.length > 1024 ? null : msg.key, value: null, headers: {} },
    dlqTopic,
    error,
    now,
  );
  return { ...letter, headers: { ...letter.headers, [DLQ_HEADERS.valueOmitted]: String(msg.value?.length ?? 0) } };
}
