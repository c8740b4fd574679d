// Whether a recipient is mailed, decided at send time from the contact and the
// account as they are then (SPEC section 6): nothing is sent for a contact that is
// gone, not approved, deleted or answered, nor to an account without mail
// delivery. Pure: the caller reads the documents and records the decision.
import type { AccountView, ContactView, SkipStatus } from './types';

export type ContactCheck =
  | { kind: 'go' }
  | { kind: 'skip'; status: SkipStatus }
  /** publishAt was moved later after approval: wait until then. */
  | { kind: 'wait'; until: number };

export type RecipientDecision = { kind: 'send' } | { kind: 'skip'; status: SkipStatus };

/** The contact-level part, the same for every recipient of the contact. */
export function checkContact(contact: ContactView | null, now: number): ContactCheck {
  if (!contact) return { kind: 'skip', status: 'SKIPPED_NO_CONTACT' };
  if (contact.deleted) return { kind: 'skip', status: 'SKIPPED_DELETED' };
  if (contact.answerStatus === 'ANSWERED') return { kind: 'skip', status: 'SKIPPED_ANSWERED' };
  // Approval is what emits the event, so this holds unless the documents were edited by hand.
  if (!contact.valid) return { kind: 'skip', status: 'SKIPPED_NOT_APPROVED' };
  if (contact.publishAt > now) return { kind: 'wait', until: contact.publishAt };
  return { kind: 'go' };
}

/**
 * The full decision for one recipient. A contact-level wait counts as "send" here:
 * the caller checks the contact first and only asks per recipient once it is due.
 */
export function decideRecipient(contact: ContactView | null, account: AccountView | null, now: number): RecipientDecision {
  const c = checkContact(contact, now);
  if (c.kind === 'skip') return c;
  if (!account) return { kind: 'skip', status: 'SKIPPED_NO_ACCOUNT' };
  if (account.mailDelivery !== 'ENABLED') return { kind: 'skip', status: 'SKIPPED_STOPPED' };
  return { kind: 'send' };
}
