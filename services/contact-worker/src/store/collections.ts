// The contact worker's collections (its entity stores). The mail worker and the
// operator tools read the same ones; only this worker writes them, except the
// mail worker's mail-sent flag, which bumps `_rev` (see runtime mongo-entity-store).
export const CONTACTS = 'contacts';
export const ACCOUNTS = 'accounts';
