// The processed-requests record: for each (topic, requestId), a hash of the
// request's content and the reply that answered it, kept PROCESSED_RETENTION_DAYS
// (at least 7). A re-sent request with the same hash gets the stored reply; another
// hash gets DuplicateRequestId. Scoped by topic, so one upstream system's ids never
// collide with another's.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventOut } from './route';

export interface ProcessedRecord<R = unknown> {
  requestId: string;
  topic: string;
  contentHash: string;
  reply: R;
  replyTopic: string;
  /** Events published with the reply; sent again only when the same message is redelivered. */
  events: EventOut[];
  /** Where the request was read: a redelivery of that very message (its transaction never
   * committed) re-sends reply and events; a re-sent request (another offset) gets the reply only. */
  origin: { topic: string; partition: number; offset: string };
  key: string | null;
  processedAt: Date;
  expiresAt: Date;
}

export interface ProcessedStore {
  /** The records of these requests that exist, by processedKey. */
  getMany(keys: readonly { topic: string; requestId: string }[]): Promise<Map<string, ProcessedRecord>>;
  /** Stores each record unless one exists for its key; returns what is stored, by processedKey. */
  putMany(records: readonly ProcessedRecord[]): Promise<Map<string, ProcessedRecord>>;
  /** Deletes expired records (for servers that do not enforce TTL indexes); returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** The record's identity. Topic names cannot contain `|`, so the key is unambiguous. */
export function processedKey(r: { topic: string; requestId: string }): string {
  return `${r.topic}|${r.requestId}`;
}

/**
 * The content a requestId is bound to: operation name and fields. The envelope's
 * `sentAt` and `responseLanguage` are left out on purpose: an upstream retry may
 * restamp them and is still the same question. The text hashed is canonical-json.ts's:
 * it must not change, or stored hashes stop matching re-sent requests.
 */
export function contentHash(operation: string, payload: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([operation, payload]) ?? '')
    .digest('hex');
}
