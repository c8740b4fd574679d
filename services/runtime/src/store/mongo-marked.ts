// MarkedStore on a MongoDB collection: _id is the entity id, `_rev` the revision
// that every write is conditional on, `_applied` the last marks (trimmed here:
// FerretDB v1 ignores $push's $slice). Records are stored as they are, so a
// collection stays readable by operators and other tools.
import { MongoServerError, type Collection, type Document } from 'mongodb';
import type { AppliedMark, MarkedStore } from './marked';

export const MARKS_KEPT = 20;

type Doc = Document & { _id: string; _rev: number; _applied: AppliedMark[] };

export function mongoMarkedStore<T extends object>(coll: Collection<Document>): MarkedStore<T> {
  const c = coll as unknown as Collection<Doc>;
  return {
    async find(id) {
      const doc = await c.findOne({ _id: id });
      if (!doc) return null;
      const { _id, _rev, _applied, ...record } = doc;
      return { record: record as unknown as T, revision: _rev, applied: _applied ?? [] };
    },
    async insert(id, record, revision, mark) {
      try {
        await c.insertOne({ ...record, _id: id, _rev: revision, _applied: [mark] });
        return 'inserted';
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return 'exists';
        throw err;
      }
    },
    async replace(id, record, revision, mark) {
      const cur = await c.findOne({ _id: id, _rev: revision }, { projection: { _applied: 1 } });
      if (!cur) return false;
      const applied = [...(cur._applied ?? []), mark].slice(-MARKS_KEPT);
      const r = await c.replaceOne({ _id: id, _rev: revision }, { ...record, _rev: revision + 1, _applied: applied });
      return r.matchedCount === 1;
    },
  };
}
