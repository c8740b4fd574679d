// The contact worker's routing table, and the one answer to "where does a contact
// or account operation go and what can it reply?": two request topics (contacts,
// with the approval events they publish, and accounts), each with its reply topic
// and DLQ, and per operation the entity it acts on, its validation, its pure
// decision, the codes it may answer, its success status and its error code.
// Checked at start by the runtime against the cluster, registry and code tables.
import { type FieldCrypto, operation, requestRoute, type Route } from '@workers/runtime';
import { ACCOUNT_CODES } from './domain/account-codes';
import { decideUpdateContact, decideUpsert } from './domain/account-rules';
import type { AccountRecord, UpdateAccountContact, UpsertAccount } from './domain/account-types';
import { validateUpdateContact, validateUpsert } from './domain/account-validate';
import { CONTACT_CODES } from './domain/contact-codes';
import { contactIdFor } from './domain/contact-id';
import { decideCreate, decideDelete, decideUpdate } from './domain/contact-rules';
import { validateCreate, validateDelete, validateUpdate } from './domain/contact-validate';
import { accountDecision, contactDecision } from './domain/decision';
import type { ContactRecord, CreateContact, DeleteContact, UpdateContact } from './domain/types';
import { accountCrypto } from './store/account-crypto';
import { ACCOUNTS, CONTACTS } from './store/collections';

export interface ContactTopics {
  contactRequests: string;
  contactReplies: string;
  accountRequests: string;
  accountReplies: string;
  events: string;
}

const byContact = {
  entity: CONTACTS,
  key: (r: { contactId: string | null }, requestId: string) => r.contactId ?? contactIdFor(requestId),
  replyEntity: (_r: unknown, contactId: string) => ({ contactId, version: null }),
};
const byAccount = {
  entity: ACCOUNTS,
  key: (r: { accountId: string }) => r.accountId,
  replyEntity: (_r: unknown, accountId: string) => ({ accountId }),
};

export function contactRoutes(t: ContactTopics, deps: { crypto: Pick<FieldCrypto, 'encrypt' | 'hash'> }): Route[] {
  const { crypto } = deps;
  return [
    requestRoute({
      topic: t.contactRequests,
      replyTopic: t.contactReplies,
      codes: CONTACT_CODES,
      errorCode: 'InternalError',
      eventTopics: [t.events],
      operations: {
        CreateContact: operation<CreateContact, ContactRecord>({
          ...byContact,
          validate: validateCreate,
          decide: (cur, req, ctx) => {
            const id = byContact.key(req, ctx.requestId);
            return contactDecision(decideCreate(cur, req, ctx.now, id, ctx.requestId), id, t.events, ctx);
          },
          codes: ['Success', 'PolicyNumberRequired', 'ContactAlreadyExists'],
          successStatus: CONTACT_CODES.successStatus('CreateContact'),
          errorCode: 'InternalError',
        }),
        UpdateContact: operation<UpdateContact, ContactRecord>({
          ...byContact,
          validate: validateUpdate,
          decide: (cur, req, ctx) => contactDecision(decideUpdate(cur, req, ctx.now), req.contactId, t.events, ctx),
          codes: [
            'Success',
            'ValidationFailed',
            'PolicyNumberRequired',
            'ContactNotFound',
            'ContactDeleted',
            'ContactAlreadyAnswered',
            'ContactAlreadyApproved',
            'SelfApprovalNotAllowed',
            'VersionConflict',
          ],
          successStatus: CONTACT_CODES.successStatus('UpdateContact'),
          errorCode: 'InternalError',
        }),
        DeleteContact: operation<DeleteContact, ContactRecord>({
          ...byContact,
          validate: validateDelete,
          decide: (cur, req, ctx) => contactDecision(decideDelete(cur, req, ctx.now), req.contactId, t.events, ctx),
          codes: ['Success', 'ContactNotFound', 'ContactDeleted'],
          successStatus: CONTACT_CODES.successStatus('DeleteContact'),
          errorCode: 'InternalError',
        }),
      },
      reply: (common, outcome) => ({
        ...common,
        contactId: outcome.entity?.contactId ?? null,
        version: outcome.entity?.version ?? null,
      }),
    }),
    requestRoute({
      topic: t.accountRequests,
      replyTopic: t.accountReplies,
      codes: ACCOUNT_CODES,
      errorCode: 'InternalError',
      operations: {
        UpsertAccount: operation<UpsertAccount, AccountRecord>({
          ...byAccount,
          validate: validateUpsert,
          decide: (cur, req, ctx) =>
            accountDecision(decideUpsert(cur, req, ctx.now, accountCrypto(crypto, req.accountId)), req.accountId),
          codes: ['Success', 'ValidationFailed', 'PersonalIdMismatch'],
          successStatus: ACCOUNT_CODES.successStatus('UpsertAccount'),
          errorCode: 'InternalError',
        }),
        UpdateAccountContact: operation<UpdateAccountContact, AccountRecord>({
          ...byAccount,
          validate: validateUpdateContact,
          decide: (cur, req, ctx) =>
            accountDecision(
              decideUpdateContact(cur, req, ctx.now, accountCrypto(crypto, req.accountId)),
              req.accountId,
            ),
          codes: ['Success', 'ValidationFailed', 'AccountNotFound', 'PersonalIdMismatch'],
          successStatus: ACCOUNT_CODES.successStatus('UpdateAccountContact'),
          errorCode: 'InternalError',
        }),
      },
      reply: (common, outcome) => ({ ...common, accountId: outcome.entity?.accountId ?? null }),
    }),
  ];
}
