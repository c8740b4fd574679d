// The contact worker's routing table: two request topics (contacts, with the approval
// events they publish, and accounts), each with its reply topic and DLQ, and their
// operations, each in its own file under operations/ with its validation, its decision
// and every code it can answer with its status. Checked at start by the runtime against
// the cluster, the registry and the operations' code lists (runtime route-check.ts).
import { type FieldCrypto, requestRoute, type Route } from '@workers/runtime';
import type { AccountOperationName } from './domain/account-types';
import { CONTACT_MESSAGES } from './domain/codes';
import type { ContactOperationName } from './domain/types';
import { createContact } from './operations/create-contact';
import { deleteContact } from './operations/delete-contact';
import { updateAccountContact } from './operations/update-account-contact';
import { updateContact } from './operations/update-contact';
import { upsertAccount } from './operations/upsert-account';
import { accountCrypto } from './store/account-crypto';

export interface ContactTopics {
  contactRequests: string;
  contactReplies: string;
  accountRequests: string;
  accountReplies: string;
  events: string;
}

/** Answered when a request names no operation. */
const ROUTE_CODES = { MalformedRequest: 400, InternalError: 500 };

/** The operations of crm.contact.requests; approvals publish to `eventTopic`. */
export function contactOperations(eventTopic: string) {
  return {
    CreateContact: createContact(),
    UpdateContact: updateContact(eventTopic),
    DeleteContact: deleteContact(),
  } satisfies Record<ContactOperationName, unknown>;
}

/** The operations of crm.account.requests; `crypto` encrypts and hashes the e-mail and phone. */
export function accountOperations(crypto: Pick<FieldCrypto, 'encrypt' | 'hash'>) {
  const cryptoFor = (accountId: string) => accountCrypto(crypto, accountId);
  return {
    UpsertAccount: upsertAccount(cryptoFor),
    UpdateAccountContact: updateAccountContact(cryptoFor),
  } satisfies Record<AccountOperationName, unknown>;
}

export function contactRoutes(t: ContactTopics, deps: { crypto: Pick<FieldCrypto, 'encrypt' | 'hash'> }): Route[] {
  return [
    requestRoute({
      topic: t.contactRequests,
      replyTopic: t.contactReplies,
      messages: CONTACT_MESSAGES,
      codes: ROUTE_CODES,
      errorCode: 'InternalError',
      eventTopics: [t.events],
      operations: contactOperations(t.events),
      reply: (common, outcome) => ({
        ...common,
        contactId: outcome.entity?.contactId ?? null,
        version: outcome.entity?.version ?? null,
      }),
    }),
    requestRoute({
      topic: t.accountRequests,
      replyTopic: t.accountReplies,
      messages: CONTACT_MESSAGES,
      codes: ROUTE_CODES,
      errorCode: 'InternalError',
      operations: accountOperations(deps.crypto),
      reply: (common, outcome) => ({ ...common, accountId: outcome.entity?.accountId ?? null }),
    }),
  ];
}
