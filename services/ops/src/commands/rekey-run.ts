// What `ops rekey` does: every encrypted field of every document (contracts'
// SEALED_FIELDS) is rewritten under the current key, in format 2 (bound to its
// collection, document id and field), so that an earlier key can then be removed
// from the configuration. A field already current is only checked to decrypt.
//
// Contract:
// - Idempotent and resumable: a run after an interrupted one finds the fields it
//   rewrote current and goes on with the rest. Documents are read a page at a time in
//   _id order (a fresh query per page, so a rewritten document is never met twice).
// - Safe beside running workers: each write is conditional on the very ciphertext
//   that was read and bumps `_rev`, so a worker's concurrent write is never
//   overwritten (the one that loses is the worker's stale replace, which the runtime
//   reads again and retries: runtime mongo-entity-store). A document that changed
//   meanwhile is read again and handled anew, a few times at most.
// - Never drops data: a field that cannot be opened (its key is no longer
//   configured, it was tampered with or moved) is left as it is and reported failed.
// - Cards stored before their phones were encrypted (a clear `customer.phoneE164`,
//   the product's first version) get the phone encrypted and hashed, the clear one removed.
import { sealedAt, SEALED_FIELDS, type SealedAt } from '@workers/contracts';
import type { EncryptedField, FieldCrypto } from '@workers/runtime';
import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';

export interface FieldCounts {
  scanned: number;
  reencrypted: number;
  current: number;
  failed: number;
}

export interface RekeyFailure {
  collection: string;
  id: string;
  field: string;
  reason: string;
}

export interface RekeyReport {
  fields: { collection: string; field: string; counts: FieldCounts }[];
  failures: RekeyFailure[];
}

type Doc = Document & { _id: string };

/** What to do with one document's field: nothing (current), a conditional update, or a failure. */
type Step =
  | { kind: 'current' }
  | { kind: 'failed'; reason: string }
  | { kind: 'write'; filter: Document; update: Document; landed: (d: Doc) => boolean };

interface FieldJob {
  collection: string;
  /** The name reported (the document path). */
  field: string;
  /** The documents that hold the field, and what of them to read. */
  filter: Document;
  projection: Document;
  /** Whether a document read again still holds something to rewrite. */
  holds(doc: Doc): boolean;
  step(doc: Doc): Step;
}

const MAX_ROUNDS = 3;

const get = (d: Document, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Document)[k] : undefined), d);

const isSealed = (v: unknown): v is EncryptedField =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as EncryptedField).ct === 'string' &&
  typeof (v as EncryptedField).kid === 'string';

const reasonOf = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

function sealedJob(crypto: FieldCrypto, collection: string, path: string): FieldJob {
  return {
    collection,
    field: path,
    filter: { [path]: { $exists: true, $ne: null } },
    projection: { [path]: 1 },
    holds: (d) => get(d, path) != null,
    step(doc) {
      const value = get(doc, path);
      const at: SealedAt = { collection, id: doc._id, field: path };
      if (!isSealed(value)) return { kind: 'failed', reason: 'not an encrypted field' };
      try {
        if (crypto.isCurrent(value)) {
          crypto.decrypt(value, at);
          return { kind: 'current' };
        }
        const next = crypto.reseal(value, at);
        return {
          kind: 'write',
          filter: { _id: doc._id, [`${path}.ct`]: value.ct, [`${path}.iv`]: value.iv, [`${path}.kid`]: value.kid },
          update: { $set: { [path]: next }, $inc: { _rev: 1 } },
          landed: (d) => (get(d, path) as EncryptedField | undefined)?.ct === next.ct,
        };
      } catch (err) {
        return { kind: 'failed', reason: reasonOf(err) };
      }
    },
  };
}

/** A card of the first version: its clear E.164 phone encrypted and hashed, the clear one removed. */
function clearCardPhoneJob(crypto: FieldCrypto): FieldJob {
  const clear = 'customer.phoneE164';
  return {
    collection: 'cards',
    field: `${clear} (clear)`,
    filter: { [clear]: { $exists: true } },
    projection: { [clear]: 1, 'customer.phone': 1 },
    holds: (d) => get(d, clear) !== undefined,
    step(doc) {
      const e164 = get(doc, clear);
      const unset = { [clear]: '' };
      const landed = (d: Doc) => get(d, clear) === undefined;
      // A phone sealed since (ChangePhoneNumber on the old document) is the newer one.
      if (e164 === null || get(doc, 'customer.phone'))
        return { kind: 'write', filter: { _id: doc._id, [clear]: e164 }, update: { $unset: unset }, landed };
      if (typeof e164 !== 'string') return { kind: 'failed', reason: 'the clear phone is not a string' };
      const sealed = crypto.encrypt(e164, sealedAt('cards', doc._id, 'customer.phone'));
      const set = { 'customer.phone': sealed, 'customer.phoneHash': crypto.phoneHash(e164) };
      return {
        kind: 'write',
        filter: { _id: doc._id, [clear]: e164 },
        update: { $set: set, $unset: unset, $inc: { _rev: 1 } },
        landed,
      };
    },
  };
}

export function rekeyJobs(crypto: FieldCrypto): FieldJob[] {
  return [
    ...Object.entries(SEALED_FIELDS).flatMap(([collection, paths]) =>
      paths.map((path) => sealedJob(crypto, collection, path)),
    ),
    clearCardPhoneJob(crypto),
  ];
}

/** Applies `job` to `docs`; documents whose write did not land are read again and retried. */
async function settle(
  coll: Collection<Doc>,
  job: FieldJob,
  docs: Doc[],
  counts: FieldCounts,
  failures: RekeyFailure[],
  round = 1,
): Promise<void> {
  const writes: { id: string; step: Extract<Step, { kind: 'write' }> }[] = [];
  for (const doc of docs) {
    const step = job.step(doc);
    if (step.kind === 'current') counts.current++;
    else if (step.kind === 'failed') {
      counts.failed++;
      failures.push({ collection: job.collection, id: doc._id, field: job.field, reason: step.reason });
    } else writes.push({ id: doc._id, step });
  }
  if (writes.length === 0) return;
  const ops: AnyBulkWriteOperation<Doc>[] = writes.map((w) => ({
    updateOne: { filter: w.step.filter, update: w.step.update },
  }));
  const { matchedCount } = await coll.bulkWrite(ops, { ordered: false });
  if (matchedCount === writes.length) {
    counts.reencrypted += writes.length;
    return;
  }
  // Some documents changed between the read and the write: find which, read them anew.
  const fresh = await coll
    .find({ _id: { $in: writes.map((w) => w.id) } }, { projection: { ...job.projection, _rev: 1 } })
    .toArray();
  const byId = new Map(fresh.map((d) => [d._id, d]));
  const again: Doc[] = [];
  for (const w of writes) {
    const d = byId.get(w.id);
    if (d && w.step.landed(d)) counts.reencrypted++;
    else if (d && job.holds(d)) again.push(d);
    // else: the field or the document is gone: nothing left to rewrite.
  }
  if (again.length === 0) return;
  if (round < MAX_ROUNDS) return settle(coll, job, again, counts, failures, round + 1);
  for (const d of again) {
    counts.failed++;
    failures.push({ collection: job.collection, id: d._id, field: job.field, reason: 'changed at every attempt' });
  }
}

/** Runs every job over the whole database, `pageSize` documents at a time. */
export async function rekey(
  db: Db,
  crypto: FieldCrypto,
  o: { pageSize?: number; progress?: (line: string) => void } = {},
): Promise<RekeyReport> {
  const pageSize = o.pageSize ?? 500;
  const report: RekeyReport = { fields: [], failures: [] };
  for (const job of rekeyJobs(crypto)) {
    const counts: FieldCounts = { scanned: 0, reencrypted: 0, current: 0, failed: 0 };
    report.fields.push({ collection: job.collection, field: job.field, counts });
    const coll = db.collection<Doc>(job.collection);
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const filter = after === undefined ? job.filter : { $and: [job.filter, { _id: { $gt: after } }] };
      const page = await coll.find(filter, { projection: job.projection }).sort({ _id: 1 }).limit(pageSize).toArray();
      if (page.length === 0) break;
      counts.scanned += page.length;
      await settle(coll, job, page, counts, report.failures);
      after = page[page.length - 1]?._id;
      if (++pages % 20 === 0) o.progress?.(`${job.collection} ${job.field}: ${counts.scanned} scanned so far`);
    }
  }
  return report;
}
