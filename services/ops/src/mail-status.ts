// What was mailed to an account, or for a contact (配信の状態を見たい), read from the mail
// worker's collections: one row per delivery record (one per contact and address),
// plus one per approved contact whose mail has not reached that account yet
// (SCHEDULED) or that ended without any record (its dispatch's halt reason). Rows
// carry ids, outcomes and times, never an address. The web console imports this
// function; `ops mail-status` prints its rows.
import type { Db, Document, Filter } from 'mongodb';

/** Written by the mail worker (services/mail-worker/src/store/) and the contact worker. */
const DELIVERIES = 'mail_deliveries';
const DISPATCHES = 'mail_dispatches';
const CONTACTS = 'contacts';
const ACCOUNTS = 'accounts';

export type MailStatus =
  | 'SCHEDULED'
  | 'SENDING'
  | 'DEFERRED'
  | 'SENT'
  | 'FAILED'
  | 'IN_DOUBT'
  | 'SKIPPED_NO_CONTACT'
  | 'SKIPPED_NOT_APPROVED'
  | 'SKIPPED_DELETED'
  | 'SKIPPED_ANSWERED'
  | 'SKIPPED_NO_ACCOUNT'
  | 'SKIPPED_STOPPED'
  | 'ALREADY_SETTLED';

export interface MailStatusRow {
  contactId: string;
  audience: 'PERSON' | 'ALL' | null;
  /** The account the mail went (or was decided) through; null when none was found, or not yet decided. */
  accountId: string | null;
  /** Other accounts at the same address, reached by the same contact (an address is mailed once). */
  sharedWith: string[];
  /** DEFERRED: waiting to be retried after a temporary failure; SCHEDULED: not attempted yet. */
  status: MailStatus;
  /** Why it was skipped, the last error (addresses already scrubbed), or why the contact was not mailed. */
  reason: string | null;
  attempts: number;
  createdAt: number | null;
  updatedAt: number | null;
  sentAt: number | null;
  /** DEFERRED: the next attempt; SCHEDULED: when it is due. */
  nextAttemptAt: number | null;
  /** The SMTP Message-ID (the same for every copy of the mail). */
  messageId: string | null;
}

const REASONS: Readonly<Record<string, string>> = {
  SKIPPED_NO_CONTACT: 'the contact does not exist',
  SKIPPED_NOT_APPROVED: 'the contact is not approved (無効)',
  SKIPPED_DELETED: 'the contact was deleted',
  SKIPPED_ANSWERED: 'the contact was answered (回答済み)',
  SKIPPED_NO_ACCOUNT: "no account found for the contact's person",
  SKIPPED_STOPPED: 'mail delivery stopped (配信停止)',
  ALREADY_SETTLED: "an earlier dispatch settled this contact's mail",
};

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A delivery record as a row; `accountId`, when given, is the account asked about. */
export function deliveryRow(d: Document, asked?: string): MailStatusRow {
  const accounts: string[] = Array.isArray(d.accounts) ? d.accounts : d.accountId ? [d.accountId] : [];
  const status: MailStatus = d.status === 'RETRY' ? 'DEFERRED' : d.status;
  return {
    contactId: d.contactId,
    audience: d.audience ?? null,
    accountId: d.accountId ?? null,
    sharedWith: accounts.filter((a) => a !== (d.accountId ?? asked)),
    status,
    reason: REASONS[status] ?? d.lastError ?? null,
    attempts: Number(d.attempts ?? 0),
    createdAt: num(d.createdAt),
    updatedAt: num(d.updatedAt),
    sentAt: num(d.sentAt),
    nextAttemptAt: status === 'DEFERRED' ? num(d.nextAttemptAt) : null,
    messageId: d.messageId ?? null,
  };
}

/** A dispatch with no record for the account or contact asked about. */
function dispatchRow(x: Document, audience: 'PERSON' | 'ALL' | null): MailStatusRow {
  const pending = x.status === 'PENDING';
  const status: MailStatus = pending ? 'SCHEDULED' : (x.halted ?? 'SENT');
  return {
    contactId: x.contactId ?? x._id,
    audience: x.audience ?? audience,
    accountId: null,
    sharedWith: [],
    status,
    reason: pending ? null : (REASONS[status] ?? null),
    attempts: 0,
    createdAt: num(x.createdAt),
    updatedAt: num(x.settledAt ?? x.updatedAt),
    sentAt: null,
    nextAttemptAt: pending ? num(x.dueAt) : null,
    messageId: null,
  };
}

const byTime = (a: MailStatusRow, b: MailStatusRow): number =>
  (a.createdAt ?? 0) - (b.createdAt ?? 0) || (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0);

/**
 * The mails of a contact (`contactId`), of an account (`accountId`: every record
 * naming it, and the approved contacts still to be mailed to it), or of both (that
 * contact for that account). Throws when neither is given.
 */
export async function mailStatus(db: Db, who: { accountId?: string; contactId?: string }): Promise<MailStatusRow[]> {
  const { accountId, contactId } = who;
  if (!accountId && !contactId) throw new TypeError('mailStatus needs an accountId or a contactId');
  const filter: Filter<Document> = {};
  if (contactId) filter.contactId = contactId;
  if (accountId) filter.$or = [{ accounts: accountId }, { accountId }];
  const records = await db.collection(DELIVERIES).find(filter).sort({ createdAt: 1, _id: 1 }).toArray();
  const rows = records.map((d) => deliveryRow(d, accountId));
  const covered = new Set(rows.map((r) => r.contactId));

  const dispatches = contactId
    ? await db.collection<Document & { _id: string }>(DISPATCHES).find({ _id: contactId }).toArray()
    : await db.collection(DISPATCHES).find({ status: 'PENDING' }).toArray();
  const open = dispatches.filter((x) => !covered.has(String(x._id)));
  if (open.length === 0) return rows;
  const contacts = new Map(
    (
      await db
        .collection<Document & { _id: string }>(CONTACTS)
        .find(
          { _id: { $in: open.map((x) => String(x._id)) } },
          { projection: { audience: 1, personalId: 1, accountId: 1 } },
        )
        .toArray()
    ).map((c) => [c._id, c]),
  );
  const person = accountId
    ? (
        await db
          .collection<Document & { _id: string }>(ACCOUNTS)
          .findOne({ _id: accountId }, { projection: { personalId: 1 } })
      )?.personalId
    : undefined;
  for (const x of open) {
    const c = contacts.get(String(x._id));
    // For an account: only contacts addressed to it (a broadcast, its account, or its person's contact without an account).
    if (
      accountId &&
      !(
        c &&
        (c.audience === 'ALL' ||
          c.accountId === accountId ||
          (!c.accountId && person !== undefined && c.personalId === person))
      )
    )
      continue;
    // For a contact: a DONE dispatch without records is shown for its reason; for an account, only what is still to come.
    if (x.status !== 'PENDING' && !(contactId && x.halted)) continue;
    rows.push(dispatchRow(x, c?.audience ?? null));
  }
  return rows.sort(byTime);
}
