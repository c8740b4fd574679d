// The mail worker's stores in memory, with the Mongo ones' conditional semantics,
// for unit tests of the dispatcher (no database). Documents are copied in and out.
import { deliveryId, type AccountView, type ContactView, type Delivery, type Dispatch } from '../domain/types';
import type { DeliveryStore } from './delivery-store';
import type { DispatchStore } from './dispatch-store';
import type { AccountReader, ContactReader } from './readers';

const copy = <X>(x: X): X => structuredClone(x);
type Leased = Dispatch & { leaseOwner: string | null; leaseUntil: number };

export function memoryDispatchStore(): DispatchStore & { docs: Map<string, Leased> } {
  const docs = new Map<string, Leased>();
  const held = (id: string, owner: string): Leased | undefined => {
    const d = docs.get(id);
    return d && d.leaseOwner === owner && d.status === 'PENDING' ? d : undefined;
  };
  return {
    docs,
    async schedule(d) {
      if (docs.has(d.contactId)) return 'exists';
      docs.set(d.contactId, { ...copy(d), status: 'PENDING', cursor: null, fanoutDone: false, halted: null, settledAt: null, summary: null, leaseOwner: null, leaseUntil: 0 });
      return 'scheduled';
    },
    async get(id) {
      const d = docs.get(id);
      if (!d) return null;
      const { leaseOwner: _o, leaseUntil: _u, ...rest } = copy(d);
      return rest;
    },
    async claimDue(owner, now, leaseMs) {
      const due = [...docs.values()].filter((d) => d.status === 'PENDING' && d.dueAt <= now && d.leaseUntil < now).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) return null;
      Object.assign(due, { leaseOwner: owner, leaseUntil: now + leaseMs });
      const { leaseOwner: _o, leaseUntil: _u, ...rest } = copy(due);
      return rest;
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
    async complete(id, owner, summary, at) {
      const d = held(id, owner);
      if (d) Object.assign(d, { status: 'DONE', summary: copy(summary), settledAt: at, leaseOwner: null, leaseUntil: 0 });
      return !!d;
    },
    async countPending() {
      return [...docs.values()].filter((d) => d.status === 'PENDING').length;
    },
  };
}

export function memoryDeliveryStore(): DeliveryStore & { docs: Map<string, Delivery> } {
  const docs = new Map<string, Delivery>();
  const blank = (contactId: string, accountId: string | null, at: number): Delivery => ({
    contactId, accountId, status: 'SENDING', attempts: 0, claim: null, nextAttemptAt: null, messageId: null,
    smtpResponse: null, lastError: null, createdAt: at, updatedAt: at, sentAt: null,
  });
  return {
    docs,
    async getMany(contactId, accountIds) {
      const out = new Map<string, Delivery>();
      for (const a of accountIds) {
        const d = docs.get(deliveryId(contactId, a));
        if (d) out.set(deliveryId(contactId, a), copy(d));
      }
      return out;
    },
    async claim(k, expected) {
      const id = deliveryId(k.contactId, k.accountId);
      const d = docs.get(id);
      const set = { status: 'SENDING' as const, claim: k.claim, messageId: k.messageId, nextAttemptAt: null, updatedAt: k.at };
      if (expected.status === null) {
        if (d) return false;
        docs.set(id, { ...blank(k.contactId, k.accountId, k.at), ...set, attempts: 1 });
        return true;
      }
      if (!d || d.status !== 'RETRY' || d.attempts !== expected.attempts) return false;
      Object.assign(d, set, { attempts: d.attempts + 1 });
      return true;
    },
    async settle(contactId, accountId, claim, s) {
      const d = docs.get(deliveryId(contactId, accountId));
      if (!d || d.claim !== claim) return false;
      d.status = s.status;
      d.updatedAt = s.at;
      if (s.status === 'SENT') Object.assign(d, { smtpResponse: s.smtpResponse, sentAt: s.at, nextAttemptAt: null });
      else if (s.status === 'RETRY') Object.assign(d, { nextAttemptAt: s.nextAttemptAt, lastError: s.lastError });
      else Object.assign(d, { lastError: s.lastError, nextAttemptAt: null });
      return true;
    },
    async skip(contactId, accountId, status, at) {
      const id = deliveryId(contactId, accountId);
      const d = docs.get(id);
      if (!d) {
        docs.set(id, { ...blank(contactId, accountId, at), status });
        return true;
      }
      if (d.status !== 'RETRY') return false;
      Object.assign(d, { status, nextAttemptAt: null, updatedAt: at });
      return true;
    },
    async markInDoubt(contactId, accountId, claim, at) {
      const d = docs.get(deliveryId(contactId, accountId));
      if (!d || d.status !== 'SENDING' || d.claim !== claim) return false;
      Object.assign(d, { status: 'IN_DOUBT', lastError: 'the attempt that claimed this delivery stopped before recording its outcome', updatedAt: at });
      return true;
    },
    async open(contactId) {
      return [...docs.entries()].filter(([, d]) => d.contactId === contactId && (d.status === 'RETRY' || d.status === 'SENDING'))
        .sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => copy(d));
    },
    async countByStatus(contactId) {
      const out: Partial<Record<Delivery['status'], number>> = {};
      for (const d of docs.values()) if (d.contactId === contactId) out[d.status] = (out[d.status] ?? 0) + 1;
      return out;
    },
  };
}

export function memoryReaders(): { contacts: ContactReader & { docs: Map<string, ContactView & { mailSentAt?: number }> }; accounts: AccountReader & { docs: Map<string, AccountView> } } {
  const contacts = new Map<string, ContactView & { mailSentAt?: number }>();
  const accounts = new Map<string, AccountView>();
  const sorted = (): AccountView[] => [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  return {
    contacts: {
      docs: contacts,
      async get(id) {
        const c = contacts.get(id);
        return c ? copy(c) : null;
      },
      async markMailSent(id, at) {
        const c = contacts.get(id);
        if (c && !c.mailSent) Object.assign(c, { mailSent: true, mailSentAt: at });
      },
    },
    accounts: {
      docs: accounts,
      async byId(id) {
        const a = accounts.get(id);
        return a ? copy(a) : null;
      },
      async byPersonalId(personalId) {
        return sorted().filter((a) => a.personalId === personalId).map(copy);
      },
      async page(after, limit) {
        return sorted().filter((a) => after === null || a.accountId > after).slice(0, limit).map(copy);
      },
    },
  };
}
