// Read access to the contact worker's documents, and the one write the mail worker
// makes there: the mail-sent flag (メール送信済みフラグ) with its outcome counts. Small
// interfaces we own, so the dispatcher's tests run on memory fakes.
import type { AccountView, ContactView, MailOutcome } from '../domain/types';

export interface ContactReader {
  get(contactId: string): Promise<ContactView | null>;
  /**
   * Records that the contact's mail step is settled: the outcome counts, the time, and
   * mailSent (+ mailSentAt) when a mail was sent. Nothing else; bumps the document's
   * revision so a concurrent contact-worker write (conditional on the revision)
   * re-reads instead of overwriting it. No-op when the contact is gone.
   */
  markMailSettled(contactId: string, outcome: MailOutcome, at: number): Promise<void>;
}

export interface AccountReader {
  byId(accountId: string): Promise<AccountView | null>;
  /** The accounts with these ids that exist. */
  byIds(accountIds: string[]): Promise<AccountView[]>;
  byPersonalId(personalId: string): Promise<AccountView[]>;
  /** Every account in accountId order, strictly after `after` (from the first when null), `size` at a time. */
  pages(after: string | null, size: number): AsyncIterable<AccountView[]>;
}
