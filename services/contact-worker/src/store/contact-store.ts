// The contact worker's stores, as the handlers see them: the runtime's MarkedStore
// (documents that remember which requests changed them), so an effect and its
// idempotency mark are one single-document write. Open items are a read the
// operator command makes; it is not a handler's business.
import type { MarkedStore } from '@workers/runtime';
import type { AccountRecord } from '../domain/account-types';
import type { ContactRecord } from '../domain/types';

export type ContactStore = MarkedStore<ContactRecord>;
export type AccountStore = MarkedStore<AccountRecord>;

/** Collection names; the mail worker reads the same ones. */
export const CONTACTS = 'contacts';
export const ACCOUNTS = 'accounts';
