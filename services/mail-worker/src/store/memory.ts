// The mail worker's stores in memory, with the Mongo ones' conditional semantics,
// for unit tests of the pipeline (no database). Documents are copied in and out;
// `writes` counts the store calls that write, so tests can see batching.
import type { AccountView, ContactView, Delivery, Dispatch, MailOutcome } from '../domain/types';
import { settledFlags, type AccountReader, type ContactMailFlags, type ContactReader } from './contacts';
import {
  claimedFields,
  freshRecord,
  IN_DOUBT_ERROR,
  settledFields,
  type DeliveryStore,
  type Expected,
} from './deliveries';
import { OPEN, type DispatchStore } from './dispatches';

const copy = <X>(x: X): X => structuredClone(x);
type Leased = Dispatch & { leaseOwner: string | null; leaseUntil: number; expiresAt: number | null };

function unlease(d: Leased): Dispatch {
  const { leaseOwner: _o, leaseUntil: _u, expiresAt: _e, ...rest } = copy(d);
  return rest;
}

export function memoryDispatchStore(retentionMs = Infinity): DispatchStore & { docs: Map<string, Leased> } {
  const docs = new Map<string, Leased>();
  const held = (id: string, owner: string): Leased | undefined => {
    const d = docs.get(id);
    return d && d.leaseOwner === owner && d.status === 'PENDING' ? d : undefined;
  };
  return {
    docs,
    async schedule(d) {
      if (docs.has(d.contactId)) return 'exists';
      docs.set(d.contactId, { ...copy(d), ...OPEN });
      return 'scheduled';
    },
    async reopen(id, eventId, dueAt) {
      const d = docs.get(id);
      if (d?.status !== 'DONE' || d.approvedAt !== null) return false;
      Object.assign(d, OPEN, { eventId, dueAt });
      return true;
    },
    async get(id) {
      const d = docs.get(id);
      return d ? unlease(d) : null;
    },
    async claimDue(owner, now, leaseMs) {
      const due = [...docs.values()]
        .filter((d) => d.status === 'PENDING' && d.dueAt <= now && d.leaseUntil < now)
        .sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) return null;
      Object.assign(due, { leaseOwner: owner, leaseUntil: now + leaseMs });
      return unlease(due);
    },
    async renew(id, owner, until) {
      const d = held(id, owner);
      if (d) d.leaseUntil = until;
      return !!d;
    },
    async saveProgress(id, owner, p) {
      const d = held(id, owner);
      if (d) for (const [k, v] of Object.entries(p)) if (v !== undefined) Object.assign(d, { [k]: v });
      return !!d;
    },
    async release(id, owner, dueAt) {
      const d = held(id, owner);
      if (d) Object.assign(d, { dueAt, leaseOwner: null, leaseUntil: 0 });
      return !!d;
    },
    async complete(id, owner, summary, at, halted) {
      const d = held(id, owner);
      if (d)
        Object.assign(
          d,
          {
            status: 'DONE',
            summary: copy(summary),
            settledAt: at,
            leaseOwner: null,
            leaseUntil: 0,
            expiresAt: at + retentionMs,
          },
          halted ? { halted } : {},
        );
      return !!d;
    },
    async countPending() {
      return [...docs.values()].filter((d) => d.status === 'PENDING').length;
    },
    async purgeExpired(now) {
      const gone = [...docs.entries()].filter(([, d]) => d.expiresAt !== null && d.expiresAt <= now);
      for (const [id] of gone) docs.delete(id);
      return gone.length;
    },
  };
}

type Stored = Delivery & { expiresAt: number };

/** Whether `d` is still in the state a claim (or, without attempts, a skip) expected. */
function matches(d: Delivery | undefined, e: Expected | { status: 'RETRY' }): boolean {
  if (e.status === null) return !d;
  if (!d || d.status !== e.status) return false;
  return !('attempts' in e) || d.attempts === e.attempts;
}

export function memoryDeliveryStore(
  retentionMs = Infinity,
): DeliveryStore & { docs: Map<string, Stored>; writes: number } {
  const docs = new Map<string, Stored>();
  const out = (d: Stored): Delivery => {
    const { expiresAt: _e, ...rest } = copy(d);
    return rest;
  };
  const addAccounts = (d: Delivery, accounts: string[]): void => {
    for (const a of accounts) if (!d.accounts.includes(a)) d.accounts.push(a);
  };
  /** One batched write: `apply` each item to its record (undefined when there is none); the ids it applied to. */
  const batch = <W extends { id: string }>(
    items: readonly W[],
    apply: (w: W, d: Stored | undefined) => boolean,
  ): Set<string> => {
    store.writes++;
    return new Set(items.filter((w) => apply(w, docs.get(w.id))).map((w) => w.id));
  };
  const store = {
    docs,
    writes: 0,
    async getMany(ids: string[]) {
      return new Map(ids.flatMap((id) => (docs.has(id) ? [[id, out(docs.get(id)!)] as const] : [])));
    },
    async claim(claims: Parameters<DeliveryStore['claim']>[0]) {
      return batch(claims, (k, d) => {
        if (!matches(d, k.expected)) return false;
        const set = claimedFields(k, k.at + retentionMs);
        if (!d) docs.set(k.id, { ...freshRecord(copy(k)), ...set, attempts: 1 });
        else {
          Object.assign(d, set, { attempts: d.attempts + 1 });
          addAccounts(d, k.accounts);
        }
        return true;
      });
    },
    async settle(writes: Parameters<DeliveryStore['settle']>[0]) {
      return batch(writes, (w, d) => {
        if (!d || d.claim !== w.claim) return false;
        Object.assign(d, settledFields(w.s), { expiresAt: w.s.at + retentionMs });
        return true;
      });
    },
    async skip(writes: Parameters<DeliveryStore['skip']>[0]) {
      return batch(writes, (w, d) => {
        if (!matches(d, w.expected)) return false;
        if (!d) docs.set(w.id, { ...freshRecord(copy(w)), status: w.status, expiresAt: w.at + retentionMs });
        else {
          Object.assign(d, { status: w.status, nextAttemptAt: null, updatedAt: w.at, expiresAt: w.at + retentionMs });
          addAccounts(d, w.accounts);
        }
        return true;
      });
    },
    async share(writes: Parameters<DeliveryStore['share']>[0]) {
      if (writes.length) store.writes++;
      for (const w of writes) {
        const d = docs.get(w.id);
        if (d) addAccounts(d, w.accounts);
      }
    },
    async markInDoubt(id: string, claim: string | null, at: number) {
      const d = docs.get(id);
      if (d?.status !== 'SENDING' || d.claim !== claim) return false;
      Object.assign(d, { status: 'IN_DOUBT', lastError: IN_DOUBT_ERROR, updatedAt: at });
      return true;
    },
    async open(contactId: string) {
      return [...docs.values()]
        .filter((d) => d.contactId === contactId && (d.status === 'RETRY' || d.status === 'SENDING'))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(out);
    },
    async countByStatus(contactId: string) {
      const counts: Partial<Record<Delivery['status'], number>> = {};
      for (const d of docs.values()) if (d.contactId === contactId) counts[d.status] = (counts[d.status] ?? 0) + 1;
      return counts;
    },
    async purgeExpired(now: number) {
      const gone = [...docs.values()].filter((d) => d.expiresAt <= now);
      for (const d of gone) docs.delete(d.id);
      return gone.length;
    },
  };
  return store;
}

export type MemoryContact = ContactView & {
  mailSent?: boolean;
  mailSentAt?: number | null;
  mailOutcome?: MailOutcome;
  mailSettledAt?: number;
};

/** The contact worker's documents in memory: readers of both, and the mail flags written on the contacts. */
export function memoryContactWorkerDocs(): {
  contacts: ContactReader & { docs: Map<string, MemoryContact> };
  accounts: AccountReader & { docs: Map<string, AccountView> };
  mailFlags: ContactMailFlags;
} {
  const contacts = new Map<string, MemoryContact>();
  const accounts = new Map<string, AccountView>();
  const sorted = (): AccountView[] => [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  return {
    contacts: {
      docs: contacts,
      async get(id) {
        const c = contacts.get(id);
        return c ? copy(c) : null;
      },
    },
    accounts: {
      docs: accounts,
      async byId(id) {
        const a = accounts.get(id);
        return a ? copy(a) : null;
      },
      async byIds(ids) {
        return sorted()
          .filter((a) => ids.includes(a.accountId))
          .map(copy);
      },
      async byPersonalId(personalId) {
        return sorted()
          .filter((a) => a.personalId === personalId)
          .map(copy);
      },
      async *pages(after, size) {
        const all = sorted()
          .filter((a) => after === null || a.accountId > after)
          .map(copy);
        for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
      },
    },
    mailFlags: {
      async markSettled(id, outcome, at) {
        const c = contacts.get(id);
        if (c) Object.assign(c, settledFlags(copy(outcome), at), { mailSettled: true });
      },
    },
  };
}
