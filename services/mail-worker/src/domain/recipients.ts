// Who a contact goes to, and the one recipient per address (docs/rules.md#mail). PERSON:
// "by accountId, else by personalId"; an accountId names one account, and only that
// one: a missing account is not replaced by a guess, and an account of another person
// is never mailed (the ids disagree only through a data error, and mailing a stranger
// is the worse outcome). By personalId: every account of the person. Either way, and
// for a broadcast's page of accounts, accounts sharing an address (emailHash) make one
// recipient, so one address gets one mail per contact.
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

/** The person's accounts among what the lookup found (the account by id, or the person's accounts). */
export function personAccounts(t: PersonTarget, found: AccountView[]): AccountView[] {
  const lookup = personLookup(t);
  if (lookup.by === 'none') return [];
  if (lookup.by === 'accountId') {
    const a = found.find((x) => x.accountId === lookup.accountId);
    return !a || (t.personalId && a.personalId !== t.personalId) ? [] : [a];
  }
  return found.filter((a) => a.personalId === lookup.personalId);
}

/** One address of a contact: the account mailed through (null: none found), and every account at it. */
export interface Recipient {
  /** emailHash, or NO_ADDRESS when no account was found. */
  key: string;
  account: AccountView | null;
  /** accountIds at this address, in order. */
  accounts: string[];
}

const byId = (a: AccountView, b: AccountView): number =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;

/**
 * One recipient per emailHash, in order of the first accountId. Within one address the
 * first account with delivery ENABLED is mailed through, else the first: the stop is
 * a per-account setting, and the address still takes this person's mail through the other.
 */
export function byAddress(accounts: AccountView[]): Recipient[] {
  const groups = new Map<string, AccountView[]>();
  for (const a of [...accounts].sort(byId)) groups.set(a.emailHash, [...(groups.get(a.emailHash) ?? []), a]);
  return [...groups.entries()].map(([key, at]) => ({
    key,
    account: at.find((a) => a.mailDelivery === 'ENABLED') ?? at[0]!,
    accounts: at.map((a) => a.accountId),
  }));
}
