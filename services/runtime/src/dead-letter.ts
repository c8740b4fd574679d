// A message that cannot be decoded and names no requester goes, bytes unchanged,
// to the topic's .dlq with headers saying what was wrong and where it came from.
import type { InMessage, OutMessage } from './transport';

export const DLQ_HEADERS = {
  error: 'dlq-error',
  originTopic: 'dlq-origin-topic',
  originPartition: 'dlq-origin-partition',
  originOffset: 'dlq-origin-offset',
  failedAt: 'dlq-failed-at',
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
