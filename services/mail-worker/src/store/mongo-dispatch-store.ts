// DispatchStore on MongoDB (or FerretDB): `mail_dispatches`, _id = contactId. Every
// write is one conditional single-document operation (FerretDB v1 has no
// multi-document transactions); the lease is `leaseOwner` + `leaseUntil` (epoch ms,
// 0 when free), checked by the application rather than a TTL index.
import { MongoServerError, type Db } from 'mongodb';
import type { Dispatch } from '../domain/types';
import type { DispatchStore } from './dispatch-store';

type DispatchDoc = Dispatch & { _id: string; leaseOwner: string | null; leaseUntil: number; updatedAt: number };

function strip(d: DispatchDoc): Dispatch {
  const { _id, leaseOwner: _o, leaseUntil: _u, updatedAt: _a, ...rest } = d;
  return rest;
}

export async function mongoDispatchStore(db: Db, collection = 'mail_dispatches'): Promise<DispatchStore> {
  const c = db.collection<DispatchDoc>(collection);
  await c.createIndex({ status: 1, dueAt: 1 });
  const held = (contactId: string, owner: string) => ({ _id: contactId, leaseOwner: owner, status: 'PENDING' as const });
  return {
    async schedule(d) {
      try {
        await c.insertOne({
          ...d, _id: d.contactId, status: 'PENDING', cursor: null, fanoutDone: false, halted: null,
          settledAt: null, summary: null, leaseOwner: null, leaseUntil: 0, updatedAt: d.createdAt,
        });
        return 'scheduled';
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return 'exists';
        throw err;
      }
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
      if (p.cursor !== undefined) set.cursor = p.cursor;
      if (p.fanoutDone !== undefined) set.fanoutDone = p.fanoutDone;
      if (p.halted !== undefined) set.halted = p.halted;
      return (await c.updateOne(held(contactId, owner), { $set: set })).matchedCount === 1;
    },
    async release(contactId, owner, dueAt) {
      return (await c.updateOne(held(contactId, owner), { $set: { dueAt, leaseOwner: null, leaseUntil: 0, updatedAt: Date.now() } })).matchedCount === 1;
    },
    async complete(contactId, owner, summary, at) {
      const r = await c.updateOne(held(contactId, owner), { $set: { status: 'DONE', summary, settledAt: at, leaseOwner: null, leaseUntil: 0, updatedAt: at } });
      return r.matchedCount === 1;
    },
    async countPending() {
      return c.countDocuments({ status: 'PENDING' });
    },
  };
}
