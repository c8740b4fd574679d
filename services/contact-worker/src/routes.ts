// The contact worker's routing table: contacts (with the approval events they
// publish) and accounts, each with its reply topic and DLQ. Checked at start by
// the runtime (validateRoutes): a missing topic, subject or handler stops it.
import type { Route } from '@workers/runtime';
import { ACCOUNT_CODE_TABLE } from './domain/account-codes';
import { CONTACT_CODE_TABLE, DEFAULT_LOCALE } from './domain/contact-codes';
import type { ContactWorkerHandlers } from './handlers';

export interface ContactTopics {
  contactRequests: string;
  contactReplies: string;
  accountRequests: string;
  accountReplies: string;
  events: string;
}

export function contactRoutes(t: ContactTopics, handlers: ContactWorkerHandlers): Route[] {
  return [
    {
      topic: t.contactRequests,
      replyTopic: t.contactReplies,
      dlqTopic: `${t.contactRequests}.dlq`,
      codes: CONTACT_CODE_TABLE,
      defaultLocale: DEFAULT_LOCALE,
      operations: handlers.contacts,
      eventTopics: [t.events],
      reply: (common, outcome) => ({
        ...common,
        contactId: outcome.entity?.contactId ?? null,
        version: outcome.entity?.version ?? null,
      }),
    },
    {
      topic: t.accountRequests,
      replyTopic: t.accountReplies,
      dlqTopic: `${t.accountRequests}.dlq`,
      codes: ACCOUNT_CODE_TABLE,
      defaultLocale: DEFAULT_LOCALE,
      operations: handlers.accounts,
      reply: (common, outcome) => ({ ...common, accountId: outcome.entity?.accountId ?? null }),
    },
  ];
}
