// The contact worker's handlers, one per operation of its two request topics.
// They return an Outcome; the runtime replies, records, publishes and commits.
import { randomUUID } from 'node:crypto';
import type { Handler } from '@workers/runtime';
import type { AccountOperationName } from '../domain/account-types';
import type { ContactOperationName } from '../domain/types';
import { accountHandlers } from './accounts';
import { contactHandlers } from './contacts';
import type { ContactHandlerDeps } from './deps';

export type { ContactHandlerDeps } from './deps';
export { contactIdFor } from './contacts';

export interface ContactWorkerHandlers {
  contacts: Record<ContactOperationName, Handler>;
  accounts: Record<AccountOperationName, Handler>;
}

export function createHandlers(d: ContactHandlerDeps): ContactWorkerHandlers {
  const deps: Required<ContactHandlerDeps> = { newEventId: randomUUID, ...d };
  return { contacts: contactHandlers(deps), accounts: accountHandlers(deps) };
}
