// The per-address records, `mail_deliveries`, _id = deliveryId ("<contactId>|<emailHash>"),
// written in batches. The at-most-once rule lives in two conditional writes: `claim`
// turns a recipient into SENDING only if nobody holds or settled it (a new record, or
// one still in the state the caller read), and `settle` records the outcome only for
// the claim that sent. A SENDING record seen by a later run is left over from a process
// that died mid-send: it becomes IN_DOUBT and is never claimed again. Each write answers
// which of its records it changed; a record it did not change was moved by someone
// else first.
//
// On MongoDB (or FerretDB) a batch is one insertMany (new records: the unique _id is the
// condition) or one bulkWrite of updates whose filters start with _id (a record still in
// the state read, or still holding its claim token); no transactions are needed, each
// record's write is atomic on its own. Every write stamps `expiresAt` (a Date, retention
// after the write): a TTL index removes expired records where the server has TTL,
// purgeExpired where it does not (FerretDB v1).
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { duplicateKeyIndexes, ensureExpiryIndex } from '@workers/runtime';
import type { Audience, Delivery, DeliveryStatus, SkipStatus } from '../domain/types';

/** The record state a claim or skip write is conditional on. */
export type Expected = { status: null } | { status: 'RETRY'; attempts: number } | { status: 'SKIPPED_STOPPED' };

/** What a new record of a contact and address starts with. */
export interface RecordBase {
  id: string;
  contactId: string;
  audience: Audience;
  accountId: string | null;
  /** Accounts at the address, accountId included; an existing record gains any it lacks. */
  accounts: string[];
  at: number;
}

export interface Claim extends RecordBase {
  accountId: string;
  /** Random token; `settle` is conditional on it. */
  claim: string;
  messageId: string;
  expected: Expected;
}

export interface SkipWrite extends RecordBase {
  status: SkipStatus;
  expected: { status: null } | { status: 'RETRY' };
}

export type Settlement =
  | { status: 'SENT'; smtpResponse: string; at: number }
  | { status: 'RETRY'; nextAttemptAt: number; lastError: string; at: number }
  | { status: 'FAILED' | 'IN_DOUBT'; lastError: string; at: number };

export interface SettleWrite {
  id: string;
  claim: string;
  s: Settlement;
}

export interface DeliveryStore {
  /** Records by id; ids without a record are absent from the map. */
  getMany(ids: string[]): Promise<Map<string, Delivery>>;
  /** SENDING for these attempts, each only if its record is still as `expected`; the ids claimed. */
  claim(claims: Claim[]): Promise<Set<string>>;
  /** Outcomes of claimed attempts; the ids whose claim still held. */
  settle(writes: SettleWrite[]): Promise<Set<string>>;
  /** Skip decisions, each only if its record is still as `expected`; the ids written. */
  skip(writes: SkipWrite[]): Promise<Set<string>>;
  /** Terminal records reached again through other accounts at the same address. */
  share(writes: { id: string; accounts: string[]; at: number }[]): Promise<void>;
  /** SENDING left by another (dead) attempt → IN_DOUBT. */
  markInDoubt(id: string, claim: string | null, at: number): Promise<boolean>;
  /** Records still open (RETRY or SENDING) for a contact. */
  open(contactId: string): Promise<Delivery[]>;
  countByStatus(contactId: string): Promise<Partial<Record<DeliveryStatus, number>>>;
  /** Deletes the records whose retention has passed; how many. */
  purgeExpired(now: number): Promise<number>;
}

/** The fields of a brand-new record (what claim and skip insert). */
export function freshRecord(b: RecordBase): Delivery {
  return {
    id: b.id,
    contactId: b.contactId,
    audience: b.audience,
    accountId: b.accountId,
    accounts: b.accounts,
    status: 'SENDING',
    attempts: 0,
    claim: null,
    nextAttemptAt: null,
    messageId: null,
    smtpResponse: null,
    lastError: null,
    createdAt: b.at,
    updatedAt: b.at,
    sentAt: null,
  };
}

/** The fields a claim sets, on a new record or an existing one (`expiresAt` in the store's own form). */
export function claimedFields<E>(k: Claim, expiresAt: E) {
  return {
    status: 'SENDING' as const,
    claim: k.claim,
    messageId: k.messageId,
    accountId: k.accountId,
    nextAttemptAt: null,
    updatedAt: k.at,
    expiresAt,
  };
}

/** The fields a settlement sets. */
export function settledFields(s: Settlement): Partial<Omit<Delivery, 'id'>> {
  const base = { status: s.status, updatedAt: s.at };
  if (s.status === 'SENT') return { ...base, smtpResponse: s.smtpResponse, sentAt: s.at, nextAttemptAt: null };
  if (s.status === 'RETRY') return { ...base, nextAttemptAt: s.nextAttemptAt, lastError: s.lastError };
  return { ...base, lastError: s.lastError, nextAttemptAt: null };
}

export const IN_DOUBT_ERROR = 'the attempt that claimed this delivery stopped before recording its outcome';

type DeliveryDoc = Omit<Delivery, 'id'> & { _id: string; expiresAt: Date };

export const DELIVERIES = 'mail_deliveries';

function strip(d: DeliveryDoc): Delivery {
  const { _id, expiresAt: _e, ...rest } = d;
  return { id: _id, ...rest, accounts: rest.accounts ?? (rest.accountId ? [rest.accountId] : []) };
}

/** Inserts what is new; the _ids inserted (a duplicate _id means a record exists: not inserted). */
async function insertNew(c: Collection<DeliveryDoc>, docs: DeliveryDoc[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await c.insertMany(docs, { ordered: false });
    return new Set(docs.map((d) => d._id));
  } catch (err) {
    const dup = new Set(duplicateKeyIndexes(err));
    return new Set(docs.filter((_d, i) => !dup.has(i)).map((d) => d._id));
  }
}

/**
 * Statements per update command. FerretDB v1 holds one of its 100 SQLite connections per
 * statement until the whole command ends, so a command of 100 statements never gets its last
 * one; batches stay well below (a patched build closes each statement's query at once).
 */
const MAX_STATEMENTS = 32;

function chunks<T>(xs: T[]): T[][] {
  return Array.from({ length: Math.ceil(xs.length / MAX_STATEMENTS) }, (_, i) =>
    xs.slice(i * MAX_STATEMENTS, (i + 1) * MAX_STATEMENTS),
  );
}

/** Conditional updates; the _ids whose write took effect (re-read only when some did not). */
async function updateEach(
  c: Collection<DeliveryDoc>,
  ops: { id: string; op: AnyBulkWriteOperation<DeliveryDoc> }[],
  took: (d: DeliveryDoc) => boolean,
): Promise<Set<string>> {
  const done = new Set<string>();
  for (const part of chunks(ops)) {
    const r = await c.bulkWrite(
      part.map((o) => o.op),
      { ordered: false },
    );
    const ids = part.map((o) => o.id);
    if (r.matchedCount === part.length) for (const id of ids) done.add(id);
    else for (const d of await c.find({ _id: { $in: ids } }).toArray()) if (took(d)) done.add(d._id);
  }
  return done;
}

export async function mongoDeliveryStore(
  db: Db,
  retentionMs: number,
  collection = DELIVERIES,
): Promise<DeliveryStore & { expiry: 'ttl' | 'purge-only' }> {
  const c = db.collection<DeliveryDoc>(collection);
  await c.createIndex({ contactId: 1, status: 1 });
  await c.createIndex({ accounts: 1 }, { name: 'by_account' });
  const expiry = await ensureExpiryIndex(c, 'expiresAt');
  const expires = (at: number): Date => new Date(at + retentionMs);
  return {
    expiry,
    async getMany(ids) {
      if (ids.length === 0) return new Map();
      const docs = await c.find({ _id: { $in: ids } }).toArray();
      return new Map(docs.map((d) => [d._id, strip(d)]));
    },
    async claim(claims) {
      const set = (k: (typeof claims)[number]) => claimedFields(k, expires(k.at));
      const fresh = claims.filter((k) => k.expected.status === null);
      const inserted = await insertNew(
        c,
        fresh.map((k) => {
          const { id, ...rest } = freshRecord(k);
          return { ...rest, ...set(k), attempts: 1, _id: id };
        }),
      );
      const updated = await updateEach(
        c,
        claims
          .filter((k) => k.expected.status !== null)
          .map((k) => ({
            id: k.id,
            op: {
              updateOne: {
                filter:
                  k.expected.status === 'RETRY'
                    ? { _id: k.id, status: 'RETRY', attempts: k.expected.attempts }
                    : { _id: k.id, status: 'SKIPPED_STOPPED' },
                update: { $set: set(k), $inc: { attempts: 1 }, $addToSet: { accounts: { $each: k.accounts } } },
              },
            },
          })),
        (d) => d.status === 'SENDING' && claims.some((k) => k.id === d._id && k.claim === d.claim),
      );
      return new Set([...inserted, ...updated]);
    },
    async settle(writes) {
      // The claim token is unique to its attempt and settled once, so it is the whole condition. It
      // also matches IN_DOUBT: an attempt that a new lease holder wrongly took for dead still reports what happened.
      return updateEach(
        c,
        writes.map((w) => ({
          id: w.id,
          op: {
            updateOne: {
              filter: { _id: w.id, claim: w.claim },
              update: { $set: { ...settledFields(w.s), expiresAt: expires(w.s.at) } },
            },
          },
        })),
        (d) => writes.some((w) => w.id === d._id && w.claim === d.claim && w.s.status === d.status),
      );
    },
    async skip(writes) {
      const inserted = await insertNew(
        c,
        writes
          .filter((w) => w.expected.status === null)
          .map((w) => {
            const { id, ...rest } = freshRecord(w);
            return { ...rest, status: w.status, _id: id, expiresAt: expires(w.at) };
          }),
      );
      const updated = await updateEach(
        c,
        writes
          .filter((w) => w.expected.status === 'RETRY')
          .map((w) => ({
            id: w.id,
            op: {
              updateOne: {
                filter: { _id: w.id, status: 'RETRY' },
                update: {
                  $set: { status: w.status, nextAttemptAt: null, updatedAt: w.at, expiresAt: expires(w.at) },
                  $addToSet: { accounts: { $each: w.accounts } },
                },
              },
            },
          })),
        (d) => writes.some((w) => w.id === d._id && w.status === d.status),
      );
      return new Set([...inserted, ...updated]);
    },
    async share(writes) {
      for (const part of chunks(writes)) {
        await c.bulkWrite(
          part.map((w) => ({
            updateOne: {
              filter: { _id: w.id },
              update: { $addToSet: { accounts: { $each: w.accounts } }, $set: { expiresAt: expires(w.at) } },
            },
          })),
          { ordered: false },
        );
      }
    },
    async markInDoubt(id, claim, at) {
      const r = await c.updateOne(
        { _id: id, status: 'SENDING', claim },
        { $set: { status: 'IN_DOUBT', lastError: IN_DOUBT_ERROR, updatedAt: at, expiresAt: expires(at) } },
      );
      return r.matchedCount === 1;
    },
    async open(contactId) {
      return (
        await c
          .find({ contactId, status: { $in: ['RETRY', 'SENDING'] } })
          .sort({ _id: 1 })
          .toArray()
      ).map(strip);
    },
    async countByStatus(contactId) {
      const rows = await c
        .aggregate<{ _id: DeliveryStatus; n: number }>([
          { $match: { contactId } },
          { $group: { _id: '$status', n: { $sum: 1 } } },
        ])
        .toArray();
      return Object.fromEntries(rows.map((r) => [r._id, r.n]));
    },
    async purgeExpired(now) {
      return (await c.deleteMany({ expiresAt: { $lte: new Date(now) } })).deletedCount;
    },
  };
}
