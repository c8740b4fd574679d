// EntityStore on a MongoDB collection: _id is the entity id, `_rev` the revision
// every write is conditional on, `_applied` the applied marks ({r: requestId, o:
// outcome as JSON text}: flat, cheap for the database; see store/json.ts). Records are stored
// field by field as they are, so a collection stays readable by operators and
// other tools. Another writer of these documents (the mail worker's mail-sent flag)
// must bump `_rev`, so a stale write here fails instead of overwriting it.
//
// A batch is one round trip to read (`_id: {$in}`) and one to write (an unordered
// bulk of inserts and revision-conditional replaces); only when some replace did
// not match does a third read find out which. On FerretDB these queries use the
// `_id` index only with the stack's patched build (docs/ferretdb.md).
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';
import type { AppliedMark, EntityStore, EntityWrite, Versioned } from './entity-store';
import { fromJson, toJson } from './json';

interface StoredMark {
  r: string;
  o: string;
}

type Doc = Document & { _id: string; _rev: number; _applied?: StoredMark[] };

const toStored = (m: AppliedMark): StoredMark => ({ r: m.requestId, o: toJson(m.outcome) });
const fromStored = (m: StoredMark): AppliedMark => ({ requestId: m.r, outcome: fromJson(m.o) });

const DUPLICATE_KEY = 11000;

function toVersioned<R>(doc: Doc): Versioned<R> {
  const { _id, _rev, _applied, ...record } = doc;
  // A document edited into something unreadable is handed over as it is: the engine
  // fails the requests on it (their error code), not the chunk.
  const applied = Array.isArray(_applied) ? _applied.map(fromStored) : ((_applied ?? []) as unknown as AppliedMark[]);
  return { record: record as unknown as R, revision: _rev, applied };
}

function toOp<R>(w: EntityWrite<R>): AnyBulkWriteOperation<Doc> {
  const doc = { ...(w.record as object), _rev: (w.expected ?? 0) + 1, _applied: w.applied.map(toStored) };
  return w.expected === null
    ? { insertOne: { document: { ...doc, _id: w.id } } }
    : { replaceOne: { filter: { _id: w.id, _rev: w.expected }, replacement: doc } };
}

export function mongoEntityStore<R>(coll: Collection<Document>): EntityStore<R> {
  const c = coll as unknown as Collection<Doc>;

  /** Which replaces did not land: re-read them and recognise our own revision and last mark. */
  async function unmatched(replaces: readonly EntityWrite<R>[]): Promise<string[]> {
    const docs = await c
      .find({ _id: { $in: replaces.map((w) => w.id) } }, { projection: { _rev: 1, _applied: 1 } })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return replaces
      .filter((w) => {
        const d = byId.get(w.id);
        const last = w.applied[w.applied.length - 1]?.requestId;
        return !(
          d &&
          d._rev === (w.expected ?? 0) + 1 &&
          Array.isArray(d._applied) &&
          d._applied.some((m) => m.r === last)
        );
      })
      .map((w) => w.id);
  }

  return {
    async load(ids) {
      const out = new Map<string, Versioned<R>>();
      if (ids.length === 0) return out;
      for (const d of await c.find({ _id: { $in: [...ids] } }).toArray()) out.set(d._id, toVersioned<R>(d));
      return out;
    },
    async save(writes) {
      const conflicts = new Set<string>();
      if (writes.length === 0) return conflicts;
      let matched = 0;
      try {
        matched = (await c.bulkWrite(writes.map(toOp), { ordered: false })).matchedCount;
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        const other = errors.find((e) => e.code !== DUPLICATE_KEY);
        if (other) throw err;
        for (const e of errors) conflicts.add(writes[e.index]?.id ?? '');
        matched = err.result.matchedCount;
      }
      const replaces = writes.filter((w) => w.expected !== null);
      if (matched < replaces.length) for (const id of await unmatched(replaces)) conflicts.add(id);
      return conflicts;
    },
  };
}
