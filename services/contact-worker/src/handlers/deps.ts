// What the contact worker's handlers need, as small interfaces (no driver types):
// the two stores, a clock, the crypto that seals personal data, the event topic,
// and id makers (injectable so tests can pin them).
import type { Clock } from '@workers/runtime';
import type { Crypto } from '../domain/account-types';
import type { AccountStore, ContactStore } from '../store/contact-store';

export interface ContactHandlerDeps {
  contacts: ContactStore;
  accounts: AccountStore;
  clock: Clock;
  crypto: Crypto;
  /** Topic of the ContactApproved events (published in the reply's transaction). */
  eventTopic: string;
  /** A new, unique event id. */
  newEventId?: () => string;
}
