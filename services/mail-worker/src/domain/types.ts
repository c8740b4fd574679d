// The mail worker's own view of the documents it reads (written by the contact
// worker: `contacts` and `accounts`), and of the two collections it owns: one
// dispatch per approved contact and one delivery record per contact and recipient
// address. Only the fields the mail worker uses are listed; timestamps are epoch ms.
// The shapes both workers know (enumerations, the encrypted address, the outcome
// counts written on the contact) are declared once in services/contracts.
import type {
  AnswerStatus,
  Audience,
  ContactKind,
  EncryptedField,
  MailDelivery,
  MailOutcome,
} from '@workers/contracts';

export type { Audience, ContactKind, EncryptedField, MailOutcome };

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
  /** Approval time (承認日時); null while not approved. */
  approvedAt: number | null;
  /** The contact's mail step was settled by an earlier dispatch (its records may since have been purged). */
  mailSettled: boolean;
}

/** An account as the mail worker reads it: where to mail, and whether the customer allows it. */
export interface AccountView {
  accountId: string;
  personalId: string;
  email: EncryptedField;
  emailHash: string;
  mailDelivery: MailDelivery;
}

export const SKIP_STATUSES = [
  'SKIPPED_NO_CONTACT',
  'SKIPPED_NOT_APPROVED',
  'SKIPPED_DELETED',
  'SKIPPED_ANSWERED',
  'SKIPPED_NO_ACCOUNT',
  'SKIPPED_STOPPED',
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

/**
 * One recipient address of one contact: `id` = deliveryId(contactId, emailHash), so an
 * address is mailed at most once per contact however many accounts share it.
 */
export interface Delivery {
  id: string;
  contactId: string;
  audience: Audience;
  /** The account the mail went (or was decided) through; null when none was found (SKIPPED_NO_ACCOUNT). */
  accountId: string | null;
  /** Every account this contact reached at the address, accountId included, in order (a broadcast's shared addresses). */
  accounts: string[];
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

/** The recipient key of a delivery when no account (so no address) could be resolved. */
export const NO_ADDRESS = '-';

/** `<contactId>|<emailHash>`: addressable by _id, one per contact and address. */
export function deliveryId(contactId: string, emailHash: string | null): string {
  return `${contactId}|${emailHash ?? NO_ADDRESS}`;
}

/** Why a dispatch ended without mailing everyone it set out to: a contact-level skip, or an earlier dispatch settled the contact. */
export type DispatchHalt = SkipStatus | 'ALREADY_SETTLED';

/**
 * The due-time record approval events leave (one per contact); the dispatcher works it
 * from `dueAt` on. What to send and to whom comes from the stored contact, never from
 * the event: `audience` and `approvedAt` are copied from it when a run finds it approved.
 */
export interface Dispatch {
  contactId: string;
  /** The event that scheduled (or re-opened) it. */
  eventId: string;
  /** From the stored contact; null until a run found it approved. */
  audience: Audience | null;
  /** The approval this dispatch served; null until a run found the contact approved. */
  approvedAt: number | null;
  /** When the next run may start: the event's arrival, then the contact's publishAt or the next retry. */
  dueAt: number;
  status: 'PENDING' | 'DONE';
  /** ALL: the last accountId whose page was settled (fan-out resumes after it). */
  cursor: string | null;
  /** Every recipient has been visited once; what is left are retries. */
  fanoutDone: boolean;
  /** Why it stopped early, if it did. A DONE dispatch with approvedAt null served nothing and re-opens on the next event. */
  halted: DispatchHalt | null;
  createdAt: number;
  settledAt: number | null;
  /** Deliveries per status once settled. */
  summary: Partial<Record<DeliveryStatus, number>> | null;
}
