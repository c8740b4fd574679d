// The due-time records (one per contact), `mail_dispatches`, _id = contactId. Several
// processes may poll the collection: a dispatch is worked on only under a lease
// (`leaseOwner` + `leaseUntil`, epoch ms, 0 when free), taken and renewed by
// single-document conditional writes, so a crashed owner's dispatch is taken over once
// its lease expires. Every write after the claim is conditional on still holding the
// lease and returns false when it is lost. Each write is one conditional
// single-document operation (FerretDB v1 has no multi-document transactions). A DONE
// dispatch gets `expiresAt` (a Date, retention after settling): a TTL index where the
// server has TTL, purgeExpired where it does not; a PENDING one never expires.
import { MongoServerError, type Db } from 'mongodb';
import { ensureExpiryIndex } from '@workers/runtime';
import type { Audience, DeliveryStatus, Dispatch, DispatchHalt } from '../domain/types';

export type NewDispatch = Pick<Dispatch, 'contactId' | 'eventId' | 'dueAt' | 'createdAt'>;

export interface Progress {
  cursor?: string | null;
  fanoutDone?: boolean;
  halted?: DispatchHalt | null;
  /** Copied from the stored contact when a run finds it approved. */
  audience?: Audience;
  approvedAt?: number;
}

/** What a scheduled or reopened dispatch starts from: PENDING, nothing sent yet, the lease free, never expiring. */
export const OPEN = {
  status: 'PENDING' as const,
  cursor: null,
  fanoutDone: false,
  halted: null,
  audience: null,
  approvedAt: null,
  settledAt: null,
  summary: null,
  leaseOwner: null,
  leaseUntil: 0,
  expiresAt: null,
};

export interface DispatchStore {
  /** Records a dispatch; 'exists' (and nothing changed) when the contact already has one. */
  schedule(d: NewDispatch): Promise<'scheduled' | 'exists'>;
  /**
   * Makes a DONE dispatch that served no approval (it found the contact missing or not
   * yet approved) PENDING again, due at `dueAt`; false when there is none such.
   */
  reopen(contactId: string, eventId: string, dueAt: number): Promise<boolean>;
  get(contactId: string): Promise<Dispatch | null>;
  /** Takes the lease of one due PENDING dispatch whose lease is free or expired (earliest due first). */
  claimDue(owner: string, now: number, leaseMs: number): Promise<Dispatch | null>;
  renew(contactId: string, owner: string, until: number): Promise<boolean>;
  saveProgress(contactId: string, owner: string, p: Progress): Promise<boolean>;
  /** Gives the lease back and sets the next due time. */
  release(contactId: string, owner: string, dueAt: number): Promise<boolean>;
  /** Marks the dispatch DONE with its summary (and why it stopped early, if it did) and gives the lease back. */
  complete(
    contactId: string,
    owner: string,
    summary: Partial<Record<DeliveryStatus, number>>,
    at: number,
    halted?: DispatchHalt,
  ): Promise<boolean>;
  countPending(): Promise<number>;
  /** Deletes DONE dispatches whose retention has passed; how many. */
  purgeExpired(now: number): Promise<number>;
}

type DispatchDoc = Dispatch & {
  _id: string;
  leaseOwner: string | null;
  leaseUntil: number;
  updatedAt: number;
  expiresAt: Date | null;
};

export const DISPATCHES = 'mail_dispatches';

function strip(d: DispatchDoc): Dispatch {
  const { _id, leaseOwner: _o, leaseUntil: _u, updatedAt: _a, expiresAt: _e, ...rest } = d;
  return { ...rest, audience: rest.audience ?? null, approvedAt: rest.approvedAt ?? null };
}

export async function mongoDispatchStore(
  db: Db,
  retentionMs: number,
  collection = DISPATCHES,
): Promise<DispatchStore & { expiry: 'ttl' | 'purge-only' }> {
  const c = db.collection<DispatchDoc>(collection);
  await c.createIndex({ status: 1, dueAt: 1 });
  const expiry = await ensureExpiryIndex(c, 'expiresAt');
  const held = (contactId: string, owner: string) => ({
    _id: contactId,
    leaseOwner: owner,
    status: 'PENDING' as const,
  });
  return {
    expiry,
    async schedule(d) {
      try {
        await c.insertOne({ ...d, ...OPEN, _id: d.contactId, updatedAt: d.createdAt });
        return 'scheduled';
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return 'exists';
        throw err;
      }
    },
    async reopen(contactId, eventId, dueAt) {
      const r = await c.updateOne(
        { _id: contactId, status: 'DONE', approvedAt: null },
        { $set: { ...OPEN, eventId, dueAt, updatedAt: dueAt } },
      );
      return r.matchedCount === 1;
    },
    async get(contactId) {
      const d = await c.findOne({ _id: contactId });
      return d ? strip(d) : null;
    },
    async claimDue(owner, now, leaseMs) {
      const d = await c.findOneAndUpdate(
        { status: 'PENDING', dueAt: { $lte: now }, leaseUntil: { $lt: now } },
        { $set: { leaseOwner: owner, leaseUntil: now + leaseMs, updatedAt: now } },
        { sort: { dueAt: 1 }, returnDocument: 'after' },
      );
      return d ? strip(d) : null;
    },
    async renew(contactId, owner, until) {
      return (await c.updateOne(held(contactId, owner), { $set: { leaseUntil: until } })).matchedCount === 1;
    },
    async saveProgress(contactId, owner, p) {
      const set: Partial<DispatchDoc> = { updatedAt: Date.now() };
      for (const [k, v] of Object.entries(p)) if (v !== undefined) Object.assign(set, { [k]: v });
      return (await c.updateOne(held(contactId, owner), { $set: set })).matchedCount === 1;
    },
    async release(contactId, owner, dueAt) {
      return (
        (
          await c.updateOne(held(contactId, owner), {
            $set: { dueAt, leaseOwner: null, leaseUntil: 0, updatedAt: Date.now() },
          })
        ).matchedCount === 1
      );
    },
    async complete(contactId, owner, summary, at, halted) {
      const done = {
        status: 'DONE' as const,
        summary,
        settledAt: at,
        leaseOwner: null,
        leaseUntil: 0,
        updatedAt: at,
        expiresAt: new Date(at + retentionMs),
      };
      const r = await c.updateOne(held(contactId, owner), { $set: halted ? { ...done, halted } : done });
      return r.matchedCount === 1;
    },
    async countPending() {
      return c.countDocuments({ status: 'PENDING' });
    },
    async purgeExpired(now) {
      return (await c.deleteMany({ expiresAt: { $lte: new Date(now) } })).deletedCount;
    },
  };
}
