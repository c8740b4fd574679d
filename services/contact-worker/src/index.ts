// What other packages may use of the contact worker (the operator CLI): reads of its
// stores. The worker process itself is main.ts, run directly, never imported.
export { listOpenItems, OpenItemsError } from './store/open-items';
export type { OpenItem } from './domain/open-items';
export { CONTACTS, ACCOUNTS } from './store/collections';
