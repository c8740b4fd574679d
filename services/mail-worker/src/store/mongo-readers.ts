// ContactReader and AccountReader on the contact worker's collections (`contacts`,
// `accounts`, _id = the entity id). Reads project only the fields the mail worker
// uses; the only write is the mail-sent flag, a single-document update that bumps
// `_rev` so the contact worker's revision-conditional writes cannot overwrite it.
import type { Collection, Db, Document } from 'mongodb';
import type { AccountView, ContactView } from '../domain/types';
import type { AccountReader, ContactReader } from './readers';

type ById = Document & { _id: string };

const CONTACT_FIELDS = { contactId: 1, audience: 1, personalId: 1, accountId: 1, kind: 1, linkUrl: 1, publishAt: 1, valid: 1, answerStatus: 1, deleted: 1, mailSent: 1 };
const ACCOUNT_FIELDS = { accountId: 1, personalId: 1, email: 1, emailHash: 1, mailDelivery: 1 };

function toContact(d: ById): ContactView {
  return {
    contactId: d.contactId ?? d._id, audience: d.audience, personalId: d.personalId ?? null, accountId: d.accountId ?? null,
    kind: d.kind, linkUrl: d.linkUrl ?? null, publishAt: Number(d.publishAt), valid: d.valid === true,
    answerStatus: d.answerStatus, deleted: d.deleted === true, mailSent: d.mailSent === true,
  };
}

function toAccount(d: ById): AccountView {
  return { accountId: d.accountId ?? d._id, personalId: d.personalId, email: d.email, emailHash: d.emailHash, mailDelivery: d.mailDelivery };
}

export function mongoContactReader(db: Db, collection = 'contacts'): ContactReader {
  const c = db.collection<ById>(collection);
  return {
    async get(contactId) {
      const d = await c.findOne({ _id: contactId }, { projection: CONTACT_FIELDS });
      return d ? toContact(d) : null;
    },
    async markMailSent(contactId, at) {
      await c.updateOne({ _id: contactId, mailSent: { $ne: true } }, { $set: { mailSent: true, mailSentAt: at }, $inc: { _rev: 1 } });
    },
  };
}

export function mongoAccountReader(db: Db, collection = 'accounts'): AccountReader {
  const c: Collection<ById> = db.collection<ById>(collection);
  return {
    async byId(accountId) {
      const d = await c.findOne({ _id: accountId }, { projection: ACCOUNT_FIELDS });
      return d ? toAccount(d) : null;
    },
    async byPersonalId(personalId) {
      // A person has a handful of accounts; the bound only guards against a data error.
      return (await c.find({ personalId }, { projection: ACCOUNT_FIELDS }).sort({ _id: 1 }).limit(1000).toArray()).map(toAccount);
    },
    async page(after, limit) {
      const filter = after === null ? {} : { _id: { $gt: after } };
      return (await c.find(filter, { projection: ACCOUNT_FIELDS }).sort({ _id: 1 }).limit(limit).toArray()).map(toAccount);
    },
  };
}
