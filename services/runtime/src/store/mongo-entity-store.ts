// EntityStore on a MongoDB collection: _id is the entity id, `_rev` the revision
// every write is conditional on, `_marks` the applied marks as one JSON text
// (`[{"r": requestId, "o": outcome}, …]`, store/json.ts). Records are stored field
// by field as they are, so a collection stays readable by operators and other
// tools; the marks are bookkeeping, and as one string they cost the database far
// less than as an array of documents (docs/benchmarks.md#marks-as-one-json-text).
// Another writer of these documents (the mail worker's mail-sent flag) must bump
// `_rev`, so a stale write here fails instead of overwriting it.
//
// Earlier versions kept the marks as an `_applied` array of {r, o: outcome JSON
// text}; such documents are still read, and a write replaces the array with
// `_marks`. The new field has a new name so that, while old and new processes run
// side by side in a rolling upgrade, an old one reading a new document sees no
// marks (it then misses only the mark of a request redelivered across the switch)
// instead of an `_applied` it cannot read, which would fail every request on it.
//
// A batch is one round trip to read (`_id: {$in}`) and one to write (an unordered
// bulk of inserts and revision-conditional replaces); only when some replace did
// not match does a third read find out which. On FerretDB these queries use the
// `_id` index only with the stack's patched build (docs/ferretdb.md).
import type { AnyBulkWriteOperation, Collection, Document, MongoBulkWriteError } from 'mongodb';
import { duplicateKeyIndexes } from './bulk-errors';
import type { AppliedMark, EntityStore, EntityWrite, Versioned } from './entity-store';
import { fromJson, toJson } from './json';

/** A mark as an earlier version stored it: one element of an `_applied` array. */
interface LegacyMark {
  r: string;
  o: string;
}

type Doc = Document & { _id: string; _rev: number; _marks?: string; _applied?: LegacyMark[] };

const marksText = (marks: readonly AppliedMark[]): string =>
  toJson(marks.map((m) => ({ r: m.requestId, o: m.outcome })));

/** The marks of `_marks`, or null when it is not a list of marks (a document edited into something unreadable). */
function fromText(text: unknown): AppliedMark[] | null {
  if (typeof text !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = fromJson(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || !parsed.every((m) => typeof (m as { r?: unknown } | null)?.r === 'string')) return null;
  return (parsed as { r: string; o: AppliedMark['outcome'] }[]).map((m) => ({ requestId: m.r, outcome: m.o }));
}

/** The marks of an earlier version's `_applied` array, or null when it is not one. */
function fromLegacy(list: unknown): AppliedMark[] | null {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return null;
  return (list as LegacyMark[]).map((m) => ({ requestId: m.r, outcome: fromJson(m.o) }));
}

/** The stored marks (`_marks`, else `_applied`), or, when unreadable, the stored value as it is. */
function marksOf(doc: { _marks?: unknown; _applied?: unknown }): { marks: AppliedMark[] | null; raw: unknown } {
  return doc._marks !== undefined
    ? { marks: fromText(doc._marks), raw: doc._marks }
    : { marks: fromLegacy(doc._applied), raw: doc._applied };
}

/** The requestIds of a stored document's marks, in either format (for checks and operator tools). */
export function appliedRequestIds(doc: object): string[] {
  return (marksOf(doc).marks ?? []).map((m) => m.requestId);
}

function toVersioned<R>(doc: Doc): Versioned<R> {
  const { _id, _rev, _marks, _applied, ...record } = doc;
  // A document edited into something unreadable is handed over as it is: the engine
  // fails the requests on it (their error code), not the chunk.
  const { marks, raw } = marksOf({ _marks, _applied });
  return { record: record as unknown as R, revision: _rev, applied: marks ?? (raw as AppliedMark[]) };
}

function toOp<R>(w: EntityWrite<R>): AnyBulkWriteOperation<Doc> {
  const doc = { ...(w.record as object), _rev: (w.expected ?? 0) + 1, _marks: marksText(w.applied) };
  return w.expected === null
    ? { insertOne: { document: { ...doc, _id: w.id } } }
    : { replaceOne: { filter: { _id: w.id, _rev: w.expected }, replacement: doc } };
}

export function mongoEntityStore<R>(coll: Collection<Document>): EntityStore<R> {
  const c = coll as unknown as Collection<Doc>;

  /** Which replaces did not land: re-read them and recognise our own revision and last mark. */
  async function unmatched(replaces: readonly EntityWrite<R>[]): Promise<string[]> {
    const docs = await c
      .find({ _id: { $in: replaces.map((w) => w.id) } }, { projection: { _rev: 1, _marks: 1, _applied: 1 } })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return replaces
      .filter((w) => {
        const d = byId.get(w.id);
        const last = w.applied[w.applied.length - 1]?.requestId;
        return !(d && d._rev === (w.expected ?? 0) + 1 && last !== undefined && appliedRequestIds(d).includes(last));
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
        // An insert refused as a duplicate: another writer created the entity first.
        for (const i of duplicateKeyIndexes(err)) conflicts.add(writes[i]?.id ?? '');
        matched = (err as MongoBulkWriteError).result.matchedCount;
      }
      const replaces = writes.filter((w) => w.expected !== null);
      if (matched < replaces.length) for (const id of await unmatched(replaces)) conflicts.add(id);
      return conflicts;
    },
  };
}
