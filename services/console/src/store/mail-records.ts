// What the mail worker recorded (services/mail-worker, docs/mail.md): one delivery
// per contact and recipient in `mail_deliveries`, never the address. Read for a
// contact (trace of an approval) or an account (customer view), newest first.
// Stands in for the operator CLI's own mail-status read (`mailStatus` in
// services/ops/src/mail-status.ts, being written): once that is on main, this module
// gives way to it, so the console and `ops` show the same rows.
import type { Db } from 'mongodb';

export interface MailRow {
  contactId: string;
  accountId: string | null;
  status: string;
  attempts: number;
  sentAt: number | null;
  updatedAt: number | null;
  lastError: string | null;
}

interface Doc {
  _id: string;
  contactId: string;
  accountId: string | null;
  status: string;
  attempts?: number;
  sentAt?: number | null;
  updatedAt?: number | null;
  lastError?: string | null;
}

export async function mailRows(db: Db, who: { contactId?: string; accountId?: string }): Promise<MailRow[]> {
  const filter = who.contactId !== undefined ? { contactId: who.contactId } : { accountId: who.accountId ?? null };
  const docs = await db.collection<Doc>('mail_deliveries').find(filter).limit(500).toArray();
  return docs
    .map((d) => ({ contactId: d.contactId, accountId: d.accountId ?? null, status: d.status, attempts: d.attempts ?? 0, sentAt: d.sentAt ?? null, updatedAt: d.updatedAt ?? null, lastError: d.lastError ?? null }))
    .sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
}
