// The indexes serving the reads others make of the contact worker's collections:
// open items per customer (operator command), contacts per account, accounts by
// personalId and by e-mail hash (mail worker, support look-ups).
import type { Db } from 'mongodb';
import { ACCOUNTS, CONTACTS } from './collections';

export async function ensureIndexes(db: Db): Promise<void> {
  const contacts = db.collection(CONTACTS);
  const accounts = db.collection(ACCOUNTS);
  await contacts.createIndex({ personalId: 1, kind: 1, answerStatus: 1 }, { name: 'open_items' });
  await contacts.createIndex({ accountId: 1 }, { name: 'by_account' });
  await accounts.createIndex({ personalId: 1 }, { name: 'by_personal_id' });
  await accounts.createIndex({ emailHash: 1 }, { name: 'by_email_hash' });
}
