// EntityStore on a MongoDB collection: _id is the entity id, `_rev` the revision
// every write is conditional on, `_applied` the applied marks as one JSON text
// (`[{"r": requestId, "o": outcome}, …]`, store/json.ts). Records are stored field
// by field as they are, so a collection stays readable by operators and other
// tools; the marks are bookkeeping, and as one string they cost the database far
// less than as an array of documents (on FerretDB a conditional replace of a card
// with its 11 marks: 0.72 → 0.47 ms of database CPU, a read 0.48 → 0.26 ms). Marks
// written by earlier versions (an array of {r, o: outcome JSON text}) are still read.
// Another writer of these documents (the mail worker's mail-sent flag) must bump
// `_rev`, so a stale write here fails instead of overwriting it.
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

type Doc = Document & { _id: string; _rev: number; _applied?: string | LegacyMark[] };

const marksText = (marks: readonly AppliedMark[]): string =>
  toJson(marks.map((m) => ({ r: m.requestId, o: m.outcome })));

/**
 * The marks of a stored `_applied`, in either format, or null when it is neither
 * (a document edited into something unreadable).
 */
function readMarks(stored: unknown): AppliedMark[] | null {
  if (stored === undefined) return [];
  if (Array.isArray(stored)) return (stored as LegacyMark[]).map((m) => ({ requestId: m.r, outcome: fromJson(m.o) }));
  if (typeof stored !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = fromJson(stored);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || !parsed.every((m) => typeof (m as { r?: unknown } | null)?.r === 'string')) return null;
  return (parsed as { r: string; o: AppliedMark['outcome'] }[]).map((m) => ({ requestId: m.r, outcome: m.o }));
}

/** The requestIds of a stored document's marks, in either format (for checks and operator tools). */
export function appliedRequestIds(doc: object): string[] {
  return (readMarks((doc as { _applied?: unknown })._applied) ?? []).map((m) => m.requestId);
}

function toVersioned<R>(doc: Doc): Versioned<R> {
  const { _id, _rev, _applied, ...record } = doc;
  // A document edited into something unreadable is handed over as it is: the engine
  // fails the requests on it (their error code), not the chunk.
  const applied = readMarks(_applied) ?? (_applied as unknown as AppliedMark[]);
  return { record: record as unknown as R, revision: _rev, applied };
}

function toOp<R>(w: EntityWrite<R>): AnyBulkWriteOperation<Doc> {
  const doc = { ...(w.record as object), _rev: (w.expected ?? 0) + 1, _applied: marksText(w.applied) };
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
