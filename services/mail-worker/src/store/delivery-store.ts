// The per-address records, written in batches. The at-most-once rule lives in two
// conditional writes: `claim` turns a recipient into SENDING only if nobody holds or
// settled it (a new record, or one still in the state the caller read), and `settle`
// records the outcome only for the claim that sent. A SENDING record seen by a later
// run is left over from a process that died mid-send: it becomes IN_DOUBT and is
// never claimed again. Every write names records by `_id` (deliveryId), so a batch is
// one insertMany or bulkWrite of _id look-ups. Each answers which of its records it
// changed; a record it did not change was moved by someone else first.
import type { Expected } from '../domain/plan';
import type { Audience, Delivery, DeliveryStatus, SkipStatus } from '../domain/types';

/** What a new record of a contact and address starts with. */
export interface RecordBase {
  id: string;
  contactId: string;
  audience: Audience;
  accountId: string | null;
  /** Accounts at the address, accountId included; an existing record gains any it lacks. */
  accounts: string[];
  at: number;
}

export interface Claim extends RecordBase {
  accountId: string;
  /** Random token; `settle` is conditional on it. */
  claim: string;
  messageId: string;
  expected: Expected;
}

export interface SkipWrite extends RecordBase {
  status: SkipStatus;
  expected: { status: null } | { status: 'RETRY' };
}

export type Settlement =
  | { status: 'SENT'; smtpResponse: string; at: number }
  | { status: 'RETRY'; nextAttemptAt: number; lastError: string; at: number }
  | { status: 'FAILED' | 'IN_DOUBT'; lastError: string; at: number };

export interface SettleWrite {
  id: string;
  claim: string;
  s: Settlement;
}

export interface DeliveryStore {
  /** Records by id; ids without a record are absent from the map. */
  getMany(ids: string[]): Promise<Map<string, Delivery>>;
  /** SENDING for these attempts, each only if its record is still as `expected`; the ids claimed. */
  claim(claims: Claim[]): Promise<Set<string>>;
  /** Outcomes of claimed attempts; the ids whose claim still held. */
  settle(writes: SettleWrite[]): Promise<Set<string>>;
  /** Skip decisions, each only if its record is still as `expected`; the ids written. */
  skip(writes: SkipWrite[]): Promise<Set<string>>;
  /** Terminal records reached again through other accounts at the same address. */
  share(writes: { id: string; accounts: string[]; at: number }[]): Promise<void>;
  /** SENDING left by another (dead) attempt → IN_DOUBT. */
  markInDoubt(id: string, claim: string | null, at: number): Promise<boolean>;
  /** Records still open (RETRY or SENDING) for a contact. */
  open(contactId: string): Promise<Delivery[]>;
  countByStatus(contactId: string): Promise<Partial<Record<DeliveryStatus, number>>>;
  /** Deletes the records whose retention has passed; how many. */
  purgeExpired(now: number): Promise<number>;
}

/** The fields of a brand-new record (what claim and skip insert). */
export function freshRecord(b: RecordBase): Delivery {
  return {
    id: b.id,
    contactId: b.contactId,
    audience: b.audience,
    accountId: b.accountId,
    accounts: b.accounts,
    status: 'SENDING',
    attempts: 0,
    claim: null,
    nextAttemptAt: null,
    messageId: null,
    smtpResponse: null,
    lastError: null,
    createdAt: b.at,
    updatedAt: b.at,
    sentAt: null,
  };
}

/** The fields a claim sets, on a new record or an existing one (`expiresAt` in the store's own form). */
export function claimedFields<E>(k: Claim, expiresAt: E) {
  return {
    status: 'SENDING' as const,
    claim: k.claim,
    messageId: k.messageId,
    accountId: k.accountId,
    nextAttemptAt: null,
    updatedAt: k.at,
    expiresAt,
  };
}

/** The fields a settlement sets. */
export function settledFields(s: Settlement): Partial<Omit<Delivery, 'id'>> {
  const base = { status: s.status, updatedAt: s.at };
  if (s.status === 'SENT') return { ...base, smtpResponse: s.smtpResponse, sentAt: s.at, nextAttemptAt: null };
  if (s.status === 'RETRY') return { ...base, nextAttemptAt: s.nextAttemptAt, lastError: s.lastError };
  return { ...base, lastError: s.lastError, nextAttemptAt: null };
}

export const IN_DOUBT_ERROR = 'the attempt that claimed this delivery stopped before recording its outcome';
