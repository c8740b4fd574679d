// The contact worker's documents as the mail worker uses them (`contacts`, `accounts`,
// _id = the entity id): small interfaces we own, so the pipeline's tests run on memory
// fakes, and their MongoDB implementations. Reads project only the fields the mail
// worker uses. A broadcast reads the accounts through one cursor in _id order (one scan
// where the server has no range index on _id, as FerretDB v1), reopened after the last
// account seen if the server drops it.
//
// One write in a document the mail worker does not own: the contact gets its mail-sent
// flag (メール送信済みフラグ) once every recipient of its approval mail is settled, as
// docs/rules.md#mail asks. The fields written (mailSent, mailSentAt, mailOutcome,
// mailSettledAt) are the mail worker's alone: the contact worker creates them empty and
// carries them through its writes unchanged. Ownership of the document stays with the
// contact worker, whose writes replace the whole document conditionally on its revision
// (`_rev`, runtime store/mongo-entity-store.ts). So this write bumps `_rev` too: a
// contact-worker write prepared before it no longer matches, re-reads the document and
// keeps the flag, instead of overwriting it.
import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import type { AccountView, ContactView, MailOutcome } from '../domain/types';

export interface ContactReader {
  get(contactId: string): Promise<ContactView | null>;
}

export interface AccountReader {
  byId(accountId: string): Promise<AccountView | null>;
  /** The accounts with these ids that exist. */
  byIds(accountIds: string[]): Promise<AccountView[]>;
  byPersonalId(personalId: string): Promise<AccountView[]>;
  /** Every account in accountId order, strictly after `after` (from the first when null), `size` at a time. */
  pages(after: string | null, size: number): AsyncIterable<AccountView[]>;
}

export interface ContactMailFlags {
  /**
   * Records that the contact's mail step is settled: the outcome counts, the time, and
   * mailSent (+ mailSentAt) when a mail was sent. Nothing else; bumps `_rev`. No-op
   * when the contact is gone. Throws what the database throws (the caller retries).
   */
  markSettled(contactId: string, outcome: MailOutcome, at: number): Promise<void>;
}

/** The fields markSettled sets on the contact. */
export function settledFlags(
  outcome: MailOutcome,
  at: number,
): { mailSent: boolean; mailSentAt: number | null; mailOutcome: MailOutcome; mailSettledAt: number } {
  const sent = outcome.sent > 0;
  return { mailSent: sent, mailSentAt: sent ? at : null, mailOutcome: outcome, mailSettledAt: at };
}

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

/** A single-document update by _id that sets the mail fields and bumps `_rev`. */
export function mongoContactMailFlags(db: Db, collection = 'contacts'): ContactMailFlags {
  const c = db.collection<ById>(collection);
  return {
    async markSettled(contactId, outcome, at) {
      await c.updateOne({ _id: contactId }, { $set: settledFlags(outcome, at), $inc: { _rev: 1 } });
    },
  };
}
