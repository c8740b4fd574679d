// The contact and account stores on MongoDB (or FerretDB): one document per
// contact (_id = contactId) and per account (_id = accountId), written through
// the runtime's conditional marked store. The indexes serve the reads others make:
// open items per customer (operator command), accounts by personalId and by
// e-mail hash (mail worker, support look-ups).
import { mongoMarkedStore } from '@workers/runtime';
import type { Db } from 'mongodb';
import type { AccountRecord } from '../domain/account-types';
import type { ContactRecord } from '../domain/types';
import { ACCOUNTS, CONTACTS, type AccountStore, type ContactStore } from './contact-store';

export async function mongoStores(db: Db): Promise<{ contacts: ContactStore; accounts: AccountStore }> {
  const contacts = db.collection(CONTACTS);
  const accounts = db.collection(ACCOUNTS);
  await contacts.createIndex({ personalId: 1, kind: 1, answerStatus: 1 }, { name: 'open_items' });
  await contacts.createIndex({ accountId: 1 }, { name: 'by_account' });
  await accounts.createIndex({ personalId: 1 }, { name: 'by_personal_id' });
  await accounts.createIndex({ emailHash: 1 }, { name: 'by_email_hash' });
  return { contacts: mongoMarkedStore<ContactRecord>(contacts), accounts: mongoMarkedStore<AccountRecord>(accounts) };
}
