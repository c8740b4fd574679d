// The open-items read: a customer's valid, unanswered action requests, oldest
// publication first. The customer is named by personalId, or by an accountId
// that is resolved to its personalId. Throws OpenItemsError for an unknown account.
import type { Db } from 'mongodb';
import { isOpenItem, openItemsFilter, openItemView, type OpenItem } from '../domain/open-items';
import type { AccountRecord } from '../domain/account-types';
import type { ContactRecord } from '../domain/types';
import { ACCOUNTS, CONTACTS } from './collections';

export class OpenItemsError extends Error {
  override readonly name = 'OpenItemsError';
}

export async function listOpenItems(
  db: Db,
  who: { personalId?: string; accountId?: string },
  now = Date.now(),
): Promise<OpenItem[]> {
  let personalId = who.personalId;
  if (!personalId && who.accountId) {
    const account = await db
      .collection<AccountRecord & { _id: string }>(ACCOUNTS)
      .findOne({ _id: who.accountId }, { projection: { personalId: 1 } });
    if (!account) throw new OpenItemsError(`no account ${who.accountId}`);
    personalId = account.personalId;
  }
  if (!personalId) throw new OpenItemsError('name the customer with a personalId or an accountId');
  const docs = await db
    .collection<ContactRecord>(CONTACTS)
    .find(openItemsFilter(personalId))
    .sort({ publishAt: 1, contactId: 1 })
    .toArray();
  // The rule is applied again in code: the filter mirrors it, the rule decides.
  return docs.filter(isOpenItem).map((d) => openItemView(d, now));
}
