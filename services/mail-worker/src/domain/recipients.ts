// Who a PERSON contact goes to (SPEC section 6: "by accountId, else by personalId").
// An accountId names one account, and only that one: a missing account is not
// replaced by a guess, and an account of another person is never mailed (the ids
// disagree only through a data error, and mailing a stranger is the worse outcome).
// By personalId: every account of the person, one per address (emailHash), so a
// person with two accounts on one address gets one mail.
import type { AccountView } from './types';

export interface PersonTarget {
  accountId: string | null;
  personalId: string | null;
}

export type PersonLookup =
  | { by: 'accountId'; accountId: string }
  | { by: 'personalId'; personalId: string }
  | { by: 'none' };

export function personLookup(t: PersonTarget): PersonLookup {
  if (t.accountId) return { by: 'accountId', accountId: t.accountId };
  if (t.personalId) return { by: 'personalId', personalId: t.personalId };
  return { by: 'none' };
}

/** The recipients from what the lookup found (the account by id, or the person's accounts). */
export function personRecipients(t: PersonTarget, found: AccountView[]): AccountView[] {
  const lookup = personLookup(t);
  if (lookup.by === 'none') return [];
  if (lookup.by === 'accountId') {
    const a = found.find((x) => x.accountId === lookup.accountId);
    if (!a || (t.personalId && a.personalId !== t.personalId)) return [];
    return [a];
  }
  return oneAccountPerAddress(found.filter((a) => a.personalId === lookup.personalId));
}

/**
 * One account per emailHash, in accountId order. Within one address an account with
 * delivery ENABLED wins over a STOPPED one: the stop is a per-account setting, and
 * the address still accepts this person's mail through the other account.
 */
export function oneAccountPerAddress(accounts: AccountView[]): AccountView[] {
  const sorted = [...accounts].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  const chosen = new Map<string, AccountView>();
  for (const a of sorted) {
    const prior = chosen.get(a.emailHash);
    if (!prior || (prior.mailDelivery !== 'ENABLED' && a.mailDelivery === 'ENABLED')) chosen.set(a.emailHash, a);
  }
  return [...chosen.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
}
