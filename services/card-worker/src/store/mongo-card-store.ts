// CardStore on MongoDB (or FerretDB): `cards` collection, _id = cardNumber.
// Writes are conditional single-document operations (no multi-document
// transactions: the test database lacks them). Money is int64 minor units.
import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import type { CardRecord } from '../domain/types';
import { MARKS_KEPT, type AppliedMark, type CardStore } from './card-store';

type CardDoc = CardRecord & { _id: string; applied: AppliedMark[] };

export async function mongoCardStore(db: Db, collection = 'cards'): Promise<CardStore> {
  const coll: Collection<CardDoc> = db.collection<CardDoc>(collection);
  await coll.createIndex({ customerId: 1 }, { unique: true });
  return {
    async find(cardNumber) {
      const doc = await coll.findOne({ _id: cardNumber });
      if (!doc) return null;
      const { _id, applied, ...record } = doc;
      return { record: record as CardRecord, applied: applied ?? [] };
    },
    async insert(record, mark) {
      try {
        await coll.insertOne({ ...record, _id: record.cardNumber, applied: [mark] });
        return 'inserted';
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return 'exists';
        throw err;
      }
    },
    async replace(record, expectedRevision, mark) {
      const current = await coll.findOne({ _id: record.cardNumber, revision: expectedRevision }, { projection: { applied: 1 } });
      if (!current) return false;
      // Trimmed here rather than with $push/$slice, which FerretDB v1 only partly supports.
      const applied = [...(current.applied ?? []), mark].slice(-MARKS_KEPT);
      const r = await coll.replaceOne({ _id: record.cardNumber, revision: expectedRevision }, { ...record, applied });
      return r.matchedCount === 1;
    },
  };
}
