// Read access to the contact worker's documents: small interfaces we own, so the
// dispatcher's tests run on memory fakes. Readers only read; the one write the mail
// worker makes in a contact is ContactMailFlags (contact-mail-flags.ts).
import type { AccountView, ContactView } from '../domain/types';

export interface ContactReader {
  get(contactId: string): Promise<ContactView | null>;
}

export interface AccountReader {
  byId(accountId: string): Promise<AccountView | null>;
  /** The accounts with these ids that exist. */
  byIds(accountIds: string[]): Promise<AccountView[]>;
  byPersonalId(personalId: string): Promise<AccountView[]>;
  /** Every account in accountId order, strictly after `after` (from the first when null), `size` at a time. */
  pages(after: string | null, size: number): AsyncIterable<AccountView[]>;
}
