// The per-recipient records. The at-most-once rule lives in two conditional writes:
// `claim` turns a recipient into SENDING only if nobody holds or settled it, and
// `settle` records the outcome only for the claim that sent. A SENDING record seen
// by a later lease holder is left over from a process that died mid-send: it
// becomes IN_DOUBT and is never claimed again.
import type { Delivery, DeliveryStatus, SkipStatus } from '../domain/types';

export interface Claim {
  contactId: string;
  accountId: string;
  /** Random token; `settle` is conditional on it. */
  claim: string;
  messageId: string;
  at: number;
}

export type Settlement =
  | { status: 'SENT'; smtpResponse: string; at: number }
  | { status: 'RETRY'; nextAttemptAt: number; lastError: string; at: number }
  | { status: 'FAILED' | 'IN_DOUBT'; lastError: string; at: number };

export interface DeliveryStore {
  /** Records by recipient for the given account ids of one contact (missing ones absent). */
  getMany(contactId: string, accountIds: (string | null)[]): Promise<Map<string, Delivery>>;
  /**
   * SENDING for this attempt, if the recipient has no record yet (expected null) or
   * is waiting in RETRY with `expectedAttempts`. False: someone else moved first.
   */
  claim(c: Claim, expected: { status: null } | { status: 'RETRY'; attempts: number }): Promise<boolean>;
  /** The outcome of a claimed attempt. False when the claim is no longer the record's. */
  settle(contactId: string, accountId: string, claim: string, s: Settlement): Promise<boolean>;
  /** A skip decision, if the recipient has no record yet or is waiting in RETRY. */
  skip(contactId: string, accountId: string | null, status: SkipStatus, at: number): Promise<boolean>;
  /** SENDING left by another (dead) attempt → IN_DOUBT. */
  markInDoubt(contactId: string, accountId: string, claim: string | null, at: number): Promise<boolean>;
  /** Records still open (RETRY or SENDING) for a contact. */
  open(contactId: string): Promise<Delivery[]>;
  countByStatus(contactId: string): Promise<Partial<Record<DeliveryStatus, number>>>;
}
