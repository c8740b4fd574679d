// One Kafka message as the JSON object `tail`, `request` and `dlq list` print:
// topic, partition, offset, timestamp (ISO), key and headers as UTF-8, the value
// decoded from Avro (or, when it cannot be, `error` and the bytes as base64).
import type { IHeaders } from 'kafkajs';
import type { RawMessage } from './kafka/reader';
import type { ValueCodec } from './registry/codec';

/** Header values as UTF-8 text; a repeated header keeps its first value, as the runtime does. */
export function headerText(h: IHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

export function isoTime(epochMs: string): string {
  const d = new Date(Number(epochMs));
  return Number.isNaN(d.getTime()) ? epochMs : d.toISOString();
}

export interface MessageJson {
  topic: string;
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
  /** Why the value could not be decoded; its bytes are then in `valueBase64`. */
  error?: string;
  valueBase64?: string;
}

export async function messageJson(m: RawMessage, codec: ValueCodec): Promise<MessageJson> {
  const base = {
    topic: m.topic,
    partition: m.partition,
    offset: Number(m.offset),
    timestamp: isoTime(m.timestamp),
    key: m.key?.toString('utf8') ?? null,
    headers: headerText(m.headers),
  };
  if (m.value === null) return { ...base, value: null };
  const decoded = await codec.decodeJson(m.value);
  return 'value' in decoded
    ? { ...base, value: decoded.value }
    : { ...base, value: null, error: decoded.error, valueBase64: m.value.toString('base64') };
}
