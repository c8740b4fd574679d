// ContactReader and AccountReader on the contact worker's collections (`contacts`,
// `accounts`, _id = the entity id). Reads only, projecting the fields the mail worker
// uses (the settled mail step is written by mongo-contact-mail-flags.ts). A broadcast reads the accounts
// through one cursor in _id order (one scan where the server has no range index on
// _id, as FerretDB v1), reopened after the last account seen if the server drops it.
import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import type { AccountView, ContactView } from '../domain/types';
import type { AccountReader, ContactReader } from './readers';

type ById = Document & { _id: string };

const CONTACT_FIELDS = {
  contactId: 1,
  audience: 1,
  personalId: 1,
  accountId: 1,
  kind: 1,
  linkUrl: 1,
  publishAt: 1,
  valid: 1,
  answerStatus: 1,
  deleted: 1,
  approvedAt: 1,
  mailSent: 1,
  mailSettledAt: 1,
};
const ACCOUNT_FIELDS = { accountId: 1, personalId: 1, email: 1, emailHash: 1, mailDelivery: 1 };
/** CursorNotFound: the server dropped an idle cursor. */
const CURSOR_GONE = 43;

function toContact(d: ById): ContactView {
  return {
    contactId: d.contactId ?? d._id,
    audience: d.audience,
    personalId: d.personalId ?? null,
    accountId: d.accountId ?? null,
    kind: d.kind,
    linkUrl: d.linkUrl ?? null,
    publishAt: Number(d.publishAt),
    valid: d.valid === true,
    answerStatus: d.answerStatus,
    deleted: d.deleted === true,
    approvedAt: d.approvedAt == null ? null : Number(d.approvedAt),
    // Contacts settled before the counts existed carry only the flag.
    mailSettled: d.mailSettledAt != null || d.mailSent === true,
  };
}

function toAccount(d: ById): AccountView {
  return {
    accountId: d.accountId ?? d._id,
    personalId: d.personalId,
    email: d.email,
    emailHash: d.emailHash,
    mailDelivery: d.mailDelivery,
  };
}

export function mongoContactReader(db: Db, collection = 'contacts'): ContactReader {
  const c = db.collection<ById>(collection);
  return {
    async get(contactId) {
      const d = await c.findOne({ _id: contactId }, { projection: CONTACT_FIELDS });
      return d ? toContact(d) : null;
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
    async byIds(accountIds) {
      if (accountIds.length === 0) return [];
      return (await c.find({ _id: { $in: accountIds } }, { projection: ACCOUNT_FIELDS }).toArray()).map(toAccount);
    },
    async byPersonalId(personalId) {
      // A person has a handful of accounts; the bound only guards against a data error.
      return (await c.find({ personalId }, { projection: ACCOUNT_FIELDS }).sort({ _id: 1 }).limit(1000).toArray()).map(
        toAccount,
      );
    },
    async *pages(after, size) {
      let last = after;
      for (;;) {
        const cursor = c
          .find(last === null ? {} : { _id: { $gt: last } }, { projection: ACCOUNT_FIELDS })
          .sort({ _id: 1 })
          .batchSize(size);
        try {
          let page: AccountView[] = [];
          for await (const d of cursor) {
            page.push(toAccount(d));
            if (page.length === size) {
              last = page[page.length - 1]!.accountId;
              yield page;
              page = [];
            }
          }
          if (page.length) yield page;
          return;
        } catch (err) {
          if (!(err instanceof MongoServerError) || err.code !== CURSOR_GONE) throw err;
        } finally {
          await cursor.close();
        }
      }
    },
  };
}
