// The processed-requests record in MongoDB: one flat document per (topic,
// requestId), _id = processedKey, the reply and events as JSON text (store/json.ts:
// a few flat fields are what a wire-protocol database writes and reads fastest).
// Reads and writes are batched (`_id: {$in}`, unordered insertMany). Expiry uses a
// TTL index where the server enforces one and purgeExpired() (run periodically by
// the worker) everywhere, because FerretDB v1 ignores TTL.
//
// Fields: h content hash, reply (JSON), replyTopic, events (JSON), origin
// "<topic>/<partition>/<offset>", key, processedAt, expiresAt.
import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { ensureExpiryIndex } from '../expiry-index';
import { processedKey, type ProcessedRecord, type ProcessedStore } from '../processed';
import { fromJson, toJson } from './json';

interface Doc {
  _id: string;
  h: string;
  reply: string;
  replyTopic: string;
  events: string;
  origin: string;
  key: string | null;
  processedAt: Date;
  expiresAt: Date;
}

const DUPLICATE_KEY = 11000;

function toDoc(r: ProcessedRecord): Doc {
  return {
    _id: processedKey(r),
    h: r.contentHash,
    reply: toJson(r.reply),
    replyTopic: r.replyTopic,
    events: toJson(r.events),
    origin: `${r.origin.topic}/${r.origin.partition}/${r.origin.offset}`,
    key: r.key,
    processedAt: r.processedAt,
    expiresAt: r.expiresAt,
  };
}

function toRecord(d: Doc): ProcessedRecord {
  const bar = d._id.indexOf('|');
  const [offset = '', partition = '', ...topic] = d.origin.split('/').reverse();
  return {
    topic: d._id.slice(0, bar),
    requestId: d._id.slice(bar + 1),
    contentHash: d.h,
    reply: fromJson(d.reply),
    replyTopic: d.replyTopic,
    events: fromJson(d.events),
    origin: { topic: topic.reverse().join('/'), partition: Number(partition), offset },
    key: d.key,
    processedAt: d.processedAt,
    expiresAt: d.expiresAt,
  };
}

export const PROCESSED_COLLECTION = 'processed_requests';

async function byIds(coll: Collection<Doc>, ids: string[]): Promise<Map<string, ProcessedRecord>> {
  const out = new Map<string, ProcessedRecord>();
  if (ids.length === 0) return out;
  for (const d of await coll.find({ _id: { $in: ids } }).toArray()) out.set(d._id, toRecord(d));
  return out;
}

/** Read-only access for operator tools (creates no index): the records of these requests, by processedKey. */
export function readProcessed(
  db: Db,
  keys: readonly { topic: string; requestId: string }[],
  collection = PROCESSED_COLLECTION,
): Promise<Map<string, ProcessedRecord>> {
  return byIds(db.collection<Doc>(collection), keys.map(processedKey));
}

export async function mongoProcessedStore(db: Db, collection = PROCESSED_COLLECTION): Promise<ProcessedStore> {
  const coll: Collection<Doc> = db.collection<Doc>(collection);
  await ensureExpiryIndex(coll, 'expiresAt');
  const getMany = (ids: string[]): Promise<Map<string, ProcessedRecord>> => byIds(coll, ids);
  return {
    getMany: (keys) => getMany(keys.map(processedKey)),
    async putMany(records) {
      const stored = new Map(records.map((r) => [processedKey(r), r]));
      if (records.length === 0) return stored;
      let taken: string[] = [];
      try {
        await coll.insertMany(records.map(toDoc), { ordered: false });
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        if (errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
        taken = errors.map((e) => processedKey(records[e.index]!));
      }
      // Another process stored some first (a rebalance): its record is the answer.
      for (const [k, r] of await getMany(taken)) stored.set(k, r);
      return stored;
    },
    async purgeExpired(now) {
      return (await coll.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
    },
  };
}
