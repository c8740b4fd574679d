// ContactMailFlags on the contact worker's `contacts` collection (_id = contactId): a
// single-document update by _id that sets the mail fields and bumps `_rev` (why:
// contact-mail-flags.ts).
import type { Db, Document } from 'mongodb';
import { settledFlags, type ContactMailFlags } from './contact-mail-flags';

export function mongoContactMailFlags(db: Db, collection = 'contacts'): ContactMailFlags {
  const c = db.collection<Document & { _id: string }>(collection);
  return {
    async markSettled(contactId, outcome, at) {
      await c.updateOne({ _id: contactId }, { $set: settledFlags(outcome, at), $inc: { _rev: 1 } });
    },
  };
}
