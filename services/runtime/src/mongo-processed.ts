// The processed-requests record in MongoDB: one document per requestId. Expiry
// uses a TTL index where the server enforces one, and purgeExpired() (run
// periodically by the worker) everywhere, because FerretDB v1 ignores TTL.
import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { ensureExpiryIndex } from './expiry-index';
import type { ProcessedRecord, ProcessedStore } from './processed';

interface Doc extends Omit<ProcessedRecord, 'requestId'> {
  _id: string;
}

export async function mongoProcessedStore(db: Db, collection = 'processed_requests'): Promise<ProcessedStore> {
  const coll: Collection<Doc> = db.collection<Doc>(collection);
  await ensureExpiryIndex(coll, 'expiresAt');
  const toRecord = (d: Doc): ProcessedRecord => {
    const { _id, ...rest } = d;
    return { requestId: _id, ...rest };
  };
  return {
    async get(requestId) {
      const d = await coll.findOne({ _id: requestId });
      return d ? toRecord(d) : null;
    },
    async put(record) {
      const { requestId, ...rest } = record;
      try {
        await coll.insertOne({ _id: requestId, ...rest });
        return record;
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) {
          const existing = await coll.findOne({ _id: requestId });
          if (existing) return toRecord(existing);
        }
        throw err;
      }
    },
    async purgeExpired(now) {
      const r = await coll.deleteMany({ expiresAt: { $lte: now } });
      return r.deletedCount;
    },
  };
}
