// Whether a contact is mailed now, decided at send time from the contact as it is
// then (docs/rules.md#mail): nothing is sent for a contact that is gone, not approved,
// deleted or answered, and nothing before its publishAt. Per recipient, plan.ts adds
// the account's side (no account, mail delivery stopped). Pure: the caller reads the
// contact and acts on the answer.
import type { ContactView, SkipStatus } from './types';

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
