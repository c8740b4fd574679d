// Read access to the contact worker's documents, and the one write the mail worker
// makes there: the mail-sent flag (メール送信済みフラグ). Small interfaces we own,
// so the dispatcher's tests run on memory fakes.
import type { AccountView, ContactView } from '../domain/types';

export interface ContactReader {
  get(contactId: string): Promise<ContactView | null>;
  /**
   * Sets mailSent and mailSentAt, nothing else, and bumps the document's revision so
   * a concurrent contact-worker write (conditional on the revision) re-reads instead
   * of overwriting the flag. No-op when already set or when the contact is gone.
   */
  markMailSent(contactId: string, at: number): Promise<void>;
}

export interface AccountReader {
  byId(accountId: string): Promise<AccountView | null>;
  byPersonalId(personalId: string): Promise<AccountView[]>;
  /** Accounts in accountId order, strictly after `after` (from the first when null). */
  page(after: string | null, limit: number): Promise<AccountView[]>;
}
