// DeliveryStore on MongoDB (or FerretDB): `mail_deliveries`, _id = "<contactId>:<accountId>".
// The claim is an insert (unique _id) or an update conditional on RETRY and the
// attempt count; the outcome is an update conditional on the claim token. No
// transactions needed: each step is one single-document conditional write.
import { MongoServerError, type Db } from 'mongodb';
import { deliveryId, type Delivery, type DeliveryStatus } from '../domain/types';
import type { DeliveryStore } from './delivery-store';

type DeliveryDoc = Delivery & { _id: string };

const isDuplicate = (err: unknown): boolean => err instanceof MongoServerError && err.code === 11000;

function strip(d: DeliveryDoc): Delivery {
  const { _id, ...rest } = d;
  return rest;
}

function fresh(contactId: string, accountId: string | null, at: number): Delivery {
  return {
    contactId, accountId, status: 'SENDING', attempts: 0, claim: null, nextAttemptAt: null, messageId: null,
    smtpResponse: null, lastError: null, createdAt: at, updatedAt: at, sentAt: null,
  };
}

export async function mongoDeliveryStore(db: Db, collection = 'mail_deliveries'): Promise<DeliveryStore> {
  const c = db.collection<DeliveryDoc>(collection);
  await c.createIndex({ contactId: 1, status: 1 });
  return {
    async getMany(contactId, accountIds) {
      const ids = accountIds.map((a) => deliveryId(contactId, a));
      const docs = await c.find({ _id: { $in: ids } }).toArray();
      return new Map(docs.map((d) => [d._id, strip(d)]));
    },
    async claim(k, expected) {
      const _id = deliveryId(k.contactId, k.accountId);
      const set = { status: 'SENDING' as const, claim: k.claim, messageId: k.messageId, nextAttemptAt: null, updatedAt: k.at };
      if (expected.status === null) {
        try {
          await c.insertOne({ ...fresh(k.contactId, k.accountId, k.at), ...set, attempts: 1, _id });
          return true;
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
      }
      const r = await c.updateOne({ _id, status: 'RETRY', attempts: expected.attempts }, { $set: set, $inc: { attempts: 1 } });
      return r.matchedCount === 1;
    },
    async settle(contactId, accountId, claim, s) {
      const set: Partial<Delivery> = { status: s.status, updatedAt: s.at };
      if (s.status === 'SENT') Object.assign(set, { smtpResponse: s.smtpResponse, sentAt: s.at, nextAttemptAt: null });
      else if (s.status === 'RETRY') Object.assign(set, { nextAttemptAt: s.nextAttemptAt, lastError: s.lastError });
      else Object.assign(set, { lastError: s.lastError, nextAttemptAt: null });
      // The claim token is unique to this attempt and settled once, so it is the whole condition. It
      // also matches IN_DOUBT: an attempt that a new lease holder wrongly took for dead still reports what happened.
      const r = await c.updateOne({ _id: deliveryId(contactId, accountId), claim }, { $set: set });
      return r.matchedCount === 1;
    },
    async skip(contactId, accountId, status, at) {
      const _id = deliveryId(contactId, accountId);
      try {
        await c.insertOne({ ...fresh(contactId, accountId, at), status, _id });
        return true;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
      }
      const r = await c.updateOne({ _id, status: 'RETRY' }, { $set: { status, nextAttemptAt: null, updatedAt: at } });
      return r.matchedCount === 1;
    },
    async markInDoubt(contactId, accountId, claim, at) {
      const r = await c.updateOne(
        { _id: deliveryId(contactId, accountId), status: 'SENDING', claim },
        { $set: { status: 'IN_DOUBT', lastError: 'the attempt that claimed this delivery stopped before recording its outcome', updatedAt: at } },
      );
      return r.matchedCount === 1;
    },
    async open(contactId) {
      return (await c.find({ contactId, status: { $in: ['RETRY', 'SENDING'] } }).sort({ _id: 1 }).toArray()).map(strip);
    },
    async countByStatus(contactId) {
      const rows = await c.aggregate<{ _id: DeliveryStatus; n: number }>([{ $match: { contactId } }, { $group: { _id: '$status', n: { $sum: 1 } } }]).toArray();
      return Object.fromEntries(rows.map((r) => [r._id, r.n]));
    },
  };
}
