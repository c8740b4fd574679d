// The console's memory of the topics' messages, without clear personal data: each
// value is decoded once, masked (domain/mask.ts) and kept as that masked JSON, never as
// its bytes; keys and header texts are masked by shape (a card number as key shows as
// MASK); the look-up map is keyed by an HMAC of each id under a key made at start, so a
// card number typed in the trace box is still found without being stored.
//
// Bounded: past `limits.messages` messages or `limits.bytes` bytes (what the entries
// weigh, roughly) the oldest are forgotten, and `forgottenBefore` says from when on the
// memory is complete. Reading Kafka is topic-index.ts's.
import { createHmac, randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { headerText, type ValueCodec } from '@workers/ops';
import { maskPersonal, maskText } from '../domain/mask';

export interface Indexed {
  /** `<topic>:<partition>:<offset>` */
  id: string;
  topic: string;
  partition: number;
  offset: number;
  /** Epoch ms. */
  timestamp: number;
  /** Masked by shape (maskText). */
  key: string | null;
  /** Texts masked by shape. */
  headers: Record<string, string>;
  /** The value decoded and masked, as JSON; null when there is none or it does not decode (`decodeError`). */
  value: string | null;
  decodeError: string | null;
  /** Size of the value as it was on the topic. */
  bytes: number;
  /** The value's requestId (requests, replies, decodable dead letters) or eventId (events). */
  valueId: string | null;
  /** The HMACs this entry is looked up by (its key's first, when it has one). */
  refs: string[];
  /** What the entry weighs in the byte bound. */
  weight: number;
}

/** Per-entry overhead counted besides its texts (maps, object, numbers). */
const ENTRY_OVERHEAD = 300;
const jsonOf = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

export class IndexEntries {
  private readonly entries = new Map<string, Indexed>();
  private readonly byLookup = new Map<string, Set<string>>();
  private readonly byTopic = new Map<string, Set<string>>();
  private readonly secret = randomBytes(32);
  protected heldBytes = 0;
  /** Oldest timestamp forgotten because of the limit, if any was. */
  forgottenBefore: number | null = null;

  constructor(private readonly limits: { messages: number; bytes: number }) {}

  /** How many messages are held. */
  get size(): number {
    return this.entries.size;
  }

  private ref(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }

  protected add(
    topic: string,
    partition: number,
    message: KafkaMessage,
    decoded: Awaited<ReturnType<ValueCodec['decodeJson']>>,
  ): void {
    const v = 'value' in decoded ? (decoded.value as Record<string, unknown> | null) : null;
    const valueId = typeof v?.requestId === 'string' ? v.requestId : typeof v?.eventId === 'string' ? v.eventId : null;
    const key = message.key?.toString('utf8') ?? null;
    const clearHeaders = headerText(message.headers ?? {});
    const ids = [
      key,
      valueId,
      clearHeaders['correlation-id'],
      clearHeaders['event-id'],
      clearHeaders['dlq-replayed-from'],
    ];
    const headers = Object.fromEntries(Object.entries(clearHeaders).map(([k, t]) => [k, maskText(t)]));
    const value = 'value' in decoded ? jsonOf(maskPersonal(decoded.value)) : null;
    const e: Indexed = {
      id: `${topic}:${partition}:${message.offset}`,
      topic,
      partition,
      offset: Number(message.offset),
      timestamp: Number(message.timestamp),
      key: key === null ? null : maskText(key),
      headers,
      value,
      decodeError: 'error' in decoded ? maskText(decoded.error) : null,
      bytes: message.value?.length ?? 0,
      valueId,
      refs: [...new Set(ids.filter((x): x is string => !!x).map((x) => this.ref(x)))],
      weight: 0,
    };
    e.weight =
      ENTRY_OVERHEAD + 2 * ((value?.length ?? 0) + (e.key?.length ?? 0) + e.refs.length * 43 + jsonOf(headers).length);
    this.entries.set(e.id, e);
    this.heldBytes += e.weight;
    for (const k of e.refs) this.link(this.byLookup, k, e.id);
    this.link(this.byTopic, e.topic, e.id);
    while (this.entries.size > this.limits.messages || this.heldBytes > this.limits.bytes) {
      const gone = this.entries.values().next().value as Indexed;
      this.entries.delete(gone.id);
      this.heldBytes -= gone.weight;
      for (const [map, k] of [
        ...gone.refs.map((k) => [this.byLookup, k] as const),
        [this.byTopic, gone.topic] as const,
      ]) {
        const set = map.get(k);
        set?.delete(gone.id);
        if (set?.size === 0) map.delete(k);
      }
      if (this.forgottenBefore === null || gone.timestamp > this.forgottenBefore) this.forgottenBefore = gone.timestamp;
    }
  }

  private link(map: Map<string, Set<string>>, k: string, id: string): void {
    let set = map.get(k);
    if (!set) {
      set = new Set();
      map.set(k, set);
    }
    set.add(id);
  }

  /**
   * Every message whose key, requestId, correlation id or event id is `id`, or that
   * was replayed from the dead letter `id` (`<dlq>:<partition>:<offset>`); oldest first.
   */
  lookup(id: string): Indexed[] {
    return this.resolve(this.byLookup.get(this.ref(id)));
  }

  /** Every message with the same key as the message `id` (`<topic>:<partition>:<offset>`): a link by key that shows no key. */
  sameKey(id: string): Indexed[] {
    const e = this.entries.get(id);
    const first = e?.refs[0];
    return e?.key !== null && first ? this.resolve(this.byLookup.get(first)) : [];
  }

  /** One message by its `<topic>:<partition>:<offset>`. */
  get(id: string): Indexed | undefined {
    return this.entries.get(id);
  }

  /** Every message of `topic` still remembered. */
  inTopic(topic: string): Indexed[] {
    return this.resolve(this.byTopic.get(topic));
  }

  private resolve(ids: Set<string> | undefined): Indexed[] {
    const out: Indexed[] = [];
    for (const id of ids ?? []) {
      const e = this.entries.get(id);
      if (e) out.push(e);
    }
    return out.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
  }

  /** The value as indexed: decoded and masked. */
  decode(e: Indexed): { value: unknown } | { error: string } {
    return e.value === null ? { error: e.decodeError ?? 'the message has no value' } : { value: JSON.parse(e.value) };
  }
}
