// The one write the mail worker makes in a document it does not own: the contact
// worker's contact gets its mail-sent flag (メール送信済みフラグ) once every recipient of
// its approval mail is settled, as docs/rules.md#mail asks. The fields written
// (mailSent, mailSentAt, mailOutcome, mailSettledAt) are the mail worker's alone: the
// contact worker creates them empty and carries them through its writes unchanged.
//
// Ownership of the document stays with the contact worker, whose writes replace the
// whole document conditionally on its revision (`_rev`, runtime store/mongo-entity-store.ts).
// So this write bumps `_rev` too: a contact-worker write prepared before it no longer
// matches, re-reads the document and keeps the flag, instead of overwriting it.
import type { MailOutcome } from '@workers/contracts';

export interface ContactMailFlags {
  /**
   * Records that the contact's mail step is settled: the outcome counts, the time, and
   * mailSent (+ mailSentAt) when a mail was sent. Nothing else; bumps `_rev`. No-op
   * when the contact is gone. Throws what the database throws (the caller retries).
   */
  markSettled(contactId: string, outcome: MailOutcome, at: number): Promise<void>;
}

/** The fields markSettled sets on the contact. */
export function settledFlags(
  outcome: MailOutcome,
  at: number,
): { mailSent: boolean; mailSentAt: number | null; mailOutcome: MailOutcome; mailSettledAt: number } {
  const sent = outcome.sent > 0;
  return { mailSent: sent, mailSentAt: sent ? at : null, mailOutcome: outcome, mailSettledAt: at };
}
