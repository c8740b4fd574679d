// The mail worker's own view of the documents it reads (written by the contact
// worker: `contacts` and `accounts`), and of the two collections it owns: one
// dispatch per approved contact and one delivery record per contact and recipient.
// Only the fields the mail worker uses are listed; timestamps are epoch ms.

export type Audience = 'PERSON' | 'ALL';
export type ContactKind = 'NOTICE' | 'ACTION_REQUEST';
export type AnswerStatus = 'UNANSWERED' | 'ANSWERED' | 'NOT_APPLICABLE';
export type MailDelivery = 'ENABLED' | 'STOPPED';

/** A contact as the mail worker reads it at send time. */
export interface ContactView {
  contactId: string;
  audience: Audience;
  personalId: string | null;
  accountId: string | null;
  kind: ContactKind;
  linkUrl: string | null;
  publishAt: number;
  valid: boolean;
  answerStatus: AnswerStatus;
  deleted: boolean;
  mailSent: boolean;
}

/** AES-256-GCM ciphertext as the contact worker stores it (runtime field crypto). */
export interface EncryptedEmail {
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

/** An account as the mail worker reads it: where to mail, and whether the customer allows it. */
export interface AccountView {
  accountId: string;
  personalId: string;
  email: EncryptedEmail;
  emailHash: string;
  mailDelivery: MailDelivery;
}

export const SKIP_STATUSES = [
  'SKIPPED_NO_CONTACT', 'SKIPPED_NOT_APPROVED', 'SKIPPED_DELETED', 'SKIPPED_ANSWERED', 'SKIPPED_NO_ACCOUNT', 'SKIPPED_STOPPED',
] as const;
export type SkipStatus = (typeof SKIP_STATUSES)[number];

/**
 * A delivery's status. SENDING is the claim taken immediately before the message
 * is handed to SMTP; RETRY waits for `nextAttemptAt`. Terminal: SENT, FAILED,
 * IN_DOUBT (claimed, then the process died before the outcome was recorded: the
 * mail may or may not have gone out, and it is not sent again) and SKIPPED_*.
 */
export type DeliveryStatus = 'SENDING' | 'RETRY' | 'SENT' | 'FAILED' | 'IN_DOUBT' | SkipStatus;
export const TERMINAL_STATUSES: readonly DeliveryStatus[] = ['SENT', 'FAILED', 'IN_DOUBT', ...SKIP_STATUSES];

export function isTerminal(s: DeliveryStatus): boolean {
  return TERMINAL_STATUSES.includes(s);
}

/** One recipient of one contact. `_id` in the store is deliveryId(contactId, accountId). */
export interface Delivery {
  contactId: string;
  /** null when no account was found (SKIPPED_NO_ACCOUNT, or a contact-level skip before resolution). */
  accountId: string | null;
  status: DeliveryStatus;
  attempts: number;
  /** Random token of the attempt that holds SENDING; outcome writes are conditional on it. */
  claim: string | null;
  nextAttemptAt: number | null;
  messageId: string | null;
  /** The SMTP server's reply to the accepted message (e.g. "250 2.0.0 OK: queued as …"). */
  smtpResponse: string | null;
  /** Last failure, with any address scrubbed. */
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

/** The recipient part of a delivery id when no account could be resolved. */
export const NO_ACCOUNT = '-';

export function deliveryId(contactId: string, accountId: string | null): string {
  return `${contactId}:${accountId ?? NO_ACCOUNT}`;
}

/** The due-time record an approval event leaves; the dispatcher settles it at `dueAt`. */
export interface Dispatch {
  contactId: string;
  eventId: string;
  audience: Audience;
  personalId: string | null;
  accountId: string | null;
  /** publishAt of the approval; moved later when the contact's publishAt moved, or to the next retry. */
  dueAt: number;
  status: 'PENDING' | 'DONE';
  /** ALL: the last accountId whose page was settled (fan-out resumes after it). */
  cursor: string | null;
  /** Every recipient has been visited once; what is left are retries. */
  fanoutDone: boolean;
  /** Why a broadcast stopped early (the contact was deleted, answered or removed), if it did. */
  halted: SkipStatus | null;
  createdAt: number;
  settledAt: number | null;
  /** Deliveries per status once settled. */
  summary: Partial<Record<DeliveryStatus, number>> | null;
}
