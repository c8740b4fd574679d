// Stage 2, check: whether to mail, decided on the data as it is now (docs/rules.md#mail).
// Pure: the caller reads the contact and the records and acts on the answer.
//
// The contact: nothing is sent for a contact that is gone, not approved, deleted or
// answered, and nothing before its publishAt. A dispatch that has served no approval
// yet is not served at all when its contact is missing or not approved, or when an
// earlier dispatch already settled the contact's mail.
//
// Each recipient address, from its record (if any) and the contact and account as they
// are now. The at-most-once rules: a terminal record is never sent again (an address
// reached through another account only gains that account), except SKIPPED_STOPPED,
// which an ENABLED account at the same address may still claim (nothing was sent); a
// SENDING record seen here was left by an attempt that is gone (a process never
// revisits its own in-flight sends) and becomes IN_DOUBT; a RETRY record waits for its
// time.
import type { Expected } from '../store/deliveries';
import {
  isTerminal,
  type AccountView,
  type ContactView,
  type Delivery,
  type DispatchHalt,
  type SkipStatus,
} from '../domain/types';
import type { Recipient } from './fanout';

export type ContactCheck =
  | { kind: 'go' }
  | { kind: 'skip'; status: SkipStatus }
  /** publishAt is still ahead (or was moved later after approval): wait until then. */
  | { kind: 'wait'; until: number };

export function checkContact(contact: ContactView | null, now: number): ContactCheck {
  if (!contact) return { kind: 'skip', status: 'SKIPPED_NO_CONTACT' };
  if (contact.deleted) return { kind: 'skip', status: 'SKIPPED_DELETED' };
  if (contact.answerStatus === 'ANSWERED') return { kind: 'skip', status: 'SKIPPED_ANSWERED' };
  // Only approval emits the event, yet an event may come early or be forged: the stored contact decides.
  if (!contact.valid) return { kind: 'skip', status: 'SKIPPED_NOT_APPROVED' };
  if (contact.publishAt > now) return { kind: 'wait', until: contact.publishAt };
  return { kind: 'go' };
}

/** The contact-level reason to mail nobody now, or null when it may go (a wait counts as go here). */
export function contactSkip(contact: ContactView | null, now: number): SkipStatus | null {
  const c = checkContact(contact, now);
  return c.kind === 'skip' ? c.status : null;
}

/** Why a dispatch that has served no approval yet must not mail: no approved contact, or its mail was settled before. */
export function whyNotServed(contact: ContactView | null, now: number): DispatchHalt | null {
  const check = checkContact(contact, now);
  if (!contact?.valid) return check.kind === 'skip' ? check.status : 'SKIPPED_NOT_APPROVED';
  if (contact.mailSettled) return 'ALREADY_SETTLED';
  return null;
}

export type Step =
  | { kind: 'done' }
  | { kind: 'share'; accounts: string[] }
  | { kind: 'open'; at: number }
  | { kind: 'in_doubt'; claim: string | null }
  | { kind: 'skip'; status: SkipStatus; expected: { status: null } | { status: 'RETRY' } }
  | { kind: 'send'; account: AccountView; expected: Expected };

/** `contactSkip`: the contact-level reason not to mail anyone now (deleted, answered…), or null. */
export function planRecipient(
  r: Recipient,
  existing: Delivery | undefined,
  contactSkip: SkipStatus | null,
  now: number,
): Step {
  if (existing && isTerminal(existing.status)) {
    if (existing.status === 'SKIPPED_STOPPED' && contactSkip === null && r.account?.mailDelivery === 'ENABLED') {
      return { kind: 'send', account: r.account, expected: { status: 'SKIPPED_STOPPED' } };
    }
    const missing = r.accounts.filter((a) => !existing.accounts.includes(a));
    return missing.length ? { kind: 'share', accounts: missing } : { kind: 'done' };
  }
  if (existing?.status === 'SENDING') return { kind: 'in_doubt', claim: existing.claim };
  if (existing?.status === 'RETRY' && (existing.nextAttemptAt ?? 0) > now)
    return { kind: 'open', at: existing.nextAttemptAt ?? 0 };
  const skipExpected = existing ? { status: 'RETRY' as const } : { status: null };
  const skip = (status: SkipStatus): Step => ({ kind: 'skip', status, expected: skipExpected });
  if (contactSkip !== null) return skip(contactSkip);
  if (!r.account) return skip('SKIPPED_NO_ACCOUNT');
  if (r.account.mailDelivery !== 'ENABLED') return skip('SKIPPED_STOPPED');
  return {
    kind: 'send',
    account: r.account,
    expected: existing ? { status: 'RETRY', attempts: existing.attempts } : { status: null },
  };
}
