// DispatchStore on MongoDB (or FerretDB): `mail_dispatches`, _id = contactId. Every
// write is one conditional single-document operation (FerretDB v1 has no
// multi-document transactions); the lease is `leaseOwner` + `leaseUntil` (epoch ms,
// 0 when free), checked by the application rather than a TTL index. A DONE dispatch
// gets `expiresAt` (a Date, retention after settling): TTL index or purgeExpired, as
// for the delivery records; a PENDING one never expires.
import { MongoServerError, type Db } from 'mongodb';
import { ensureExpiryIndex } from '@workers/runtime';
import type { Dispatch } from '../domain/types';
import { OPEN, type DispatchStore } from './dispatch-store';

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
