// UpdateContact (docs/rules.md#contacts): edits, marks ANSWERED, and/or approves
// (approvedBy) a contact that is neither deleted nor ANSWERED. An update never sends
// mail; an approval publishes one ContactApproved event in the reply's transaction, only
// when the contact is, after the update, neither ANSWERED nor deleted. Four-eyes: an
// approval by the contact's creator, or by whoever last changed its content (this very
// request included), is refused with SelfApprovalNotAllowed. The codes below are every
// answer it can give: its decision's, the runtime's (a request it cannot read, a
// requestId reused, a payload refused here) and an unexpected failure's.
import { type Decision, type Detail, operation } from '@workers/runtime/pure';
import {
  checkId,
  checkLinkUrl,
  MAX_BODY,
  MAX_TITLE,
  checkName,
  checkPolicyNumber,
  policyNumberMissing,
  checkText,
  checkTimestamp,
} from '../domain/contact-validate';
import type { ContactApprovedEvent, ContactEvent, ContactRecord, UpdateContact } from '../domain/types';
import { byContact, type ContactStatuses, orNull, rejected, succeeded } from './contact-shared';

/** Where an approval's event goes, and a fresh id for it (asked only when an event goes out). */
export interface ApprovalEvents {
  topic: string;
  newId(): string;
}

/** Fields of which an update must carry at least one. */
export const UPDATE_FIELDS = [
  'title',
  'body',
  'linkUrl',
  'publishAt',
  'policyNumber',
  'answerStatus',
  'approvedBy',
] as const;

export function validateUpdate(req: UpdateContact): Detail[] {
  const out: Detail[] = [];
  checkId('contactId', req.contactId, out);
  checkName('updatedBy', req.updatedBy, out);
  if (req.title !== null) checkText('title', req.title, MAX_TITLE, out);
  if (req.body !== null) checkText('body', req.body, MAX_BODY, out, 'multi-line');
  checkLinkUrl(req.linkUrl, out);
  checkPolicyNumber(req.policyNumber, out);
  if (req.publishAt !== null) checkTimestamp('publishAt', req.publishAt, out);
  if (req.answerStatus !== null && req.answerStatus !== 'ANSWERED')
    out.push({ field: 'answerStatus', reason: 'may only be set to ANSWERED' });
  if (req.expectedVersion !== null && (!Number.isSafeInteger(req.expectedVersion) || req.expectedVersion < 1)) {
    out.push({ field: 'expectedVersion', reason: 'must be a positive integer' });
  }
  if (req.approvedBy !== null) checkName('approvedBy', req.approvedBy, out);
  if (UPDATE_FIELDS.every((f) => req[f] === null)) {
    out.push({ field: 'operation', reason: `must change at least one of ${UPDATE_FIELDS.join(', ')}` });
  }
  return out;
}

/** What the customer reads: a change of any of these makes its author ineligible to approve. */
const CONTENT_FIELDS = ['title', 'body', 'linkUrl', 'policyNumber', 'publishAt'] as const;
type ContentField = (typeof CONTENT_FIELDS)[number];

/** Records stored before contentUpdatedBy existed fall back to their last updater (the stricter choice). */
const contentAuthor = (r: ContactRecord): string => (r as Partial<ContactRecord>).contentUpdatedBy ?? r.updatedBy;

/** Operator ids compared as people would: Unicode-normalized, trimmed, case-insensitive. */
export function sameOperator(a: string, b: string): boolean {
  const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();
  return norm(a) === norm(b);
}

/** UpdateContact: edits, marks ANSWERED, and/or approves (approvedBy) a contact that is not deleted and not ANSWERED. */
export function decideUpdate(
  existing: ContactRecord | null,
  req: UpdateContact,
  now: number,
  approvals: ApprovalEvents,
): Decision<ContactRecord> {
  if (!existing) return rejected('ContactNotFound', req.contactId);
  if (existing.deleted) return rejected('ContactDeleted', req.contactId);
  if (existing.answerStatus === 'ANSWERED') return rejected('ContactAlreadyAnswered', req.contactId);
  if (req.expectedVersion !== null && req.expectedVersion !== existing.version)
    return rejected('VersionConflict', req.contactId);
  if (req.approvedBy !== null && existing.valid) return rejected('ContactAlreadyApproved', req.contactId);
  if (req.answerStatus !== null && existing.kind !== 'ACTION_REQUEST') {
    return rejected('ValidationFailed', req.contactId, [
      { field: 'answerStatus', reason: 'applies only to ACTION_REQUEST contacts' },
    ]);
  }
  const policyNumber = req.policyNumber === null ? existing.policyNumber : orNull(req.policyNumber);
  if (policyNumberMissing(existing.kind, existing.actionRequestType, policyNumber))
    return rejected('PolicyNumberRequired', req.contactId);

  const content: Pick<ContactRecord, ContentField> = {
    title: req.title ?? existing.title,
    body: req.body ?? existing.body,
    linkUrl: req.linkUrl === null ? existing.linkUrl : orNull(req.linkUrl),
    policyNumber,
    publishAt: req.publishAt ?? existing.publishAt,
  };
  const contentUpdatedBy = CONTENT_FIELDS.some((f) => content[f] !== existing[f])
    ? req.updatedBy
    : contentAuthor(existing);
  const approved = req.approvedBy !== null;
  if (
    req.approvedBy !== null &&
    [existing.createdBy, contentUpdatedBy].some((who) => sameOperator(who, req.approvedBy!))
  ) {
    return rejected('SelfApprovalNotAllowed', req.contactId);
  }
  const next: ContactRecord = {
    ...existing,
    sender: { ...existing.sender },
    ...content,
    contentUpdatedBy,
    answerStatus: req.answerStatus ?? existing.answerStatus,
    ...(req.approvedBy !== null ? { valid: true, approvedBy: req.approvedBy, approvedAt: now } : {}),
    updatedBy: req.updatedBy,
    updatedAt: now,
    version: existing.version + 1,
  };
  // Mail goes out only for a contact that is, once approved, neither answered nor deleted.
  if (!approved || next.answerStatus === 'ANSWERED' || next.deleted) return succeeded(next, true);
  const event = approvalEvent(next, approvals.newId(), now);
  return succeeded(next, true, [
    { topic: approvals.topic, key: next.contactId, value: { ...contactEventValue(event) } },
  ]);
}

/**
 * The ContactApproved event of an approved record, built field by field: no body and
 * no policy number (contract details stay out of what goes to mail).
 */
export function approvalEvent(record: ContactRecord, eventId: string, now: number): ContactApprovedEvent {
  if (!record.valid || record.approvedBy === null || record.approvedAt === null)
    throw new TypeError('only an approved contact has an approval event');
  return {
    eventId,
    occurredAt: now,
    contactId: record.contactId,
    audience: record.audience,
    personalId: record.personalId,
    accountId: record.accountId,
    kind: record.kind,
    title: record.title,
    linkUrl: record.linkUrl,
    publishAt: record.publishAt,
    approvedBy: record.approvedBy,
    approvedAt: record.approvedAt,
  };
}

/** The crm.contact.events value (ContactEvent, as avsc encodes it) of an approval event. */
export function contactEventValue(e: ContactApprovedEvent): ContactEvent {
  return {
    eventId: e.eventId,
    occurredAt: e.occurredAt,
    event: {
      contactId: e.contactId,
      audience: e.audience,
      personalId: e.personalId,
      accountId: e.accountId,
      kind: e.kind,
      title: e.title,
      linkUrl: e.linkUrl,
      publishAt: e.publishAt,
      approvedBy: e.approvedBy,
      approvedAt: e.approvedAt,
    },
  };
}

/** `eventTopic`: where approvals are published (crm.contact.events). */
export const updateContact = (eventTopic: string) =>
  operation<UpdateContact, ContactRecord>({
    ...byContact,
    validate: validateUpdate,
    decide: (cur, req, ctx) => decideUpdate(cur, req, ctx.now, { topic: eventTopic, newId: ctx.newId }),
    codes: {
      Success: 200,
      PolicyNumberRequired: 400,
      ContactNotFound: 404,
      ContactDeleted: 409,
      ContactAlreadyAnswered: 409,
      ContactAlreadyApproved: 409,
      SelfApprovalNotAllowed: 403,
      VersionConflict: 409,
      ValidationFailed: 400,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      InternalError: 500,
    } satisfies ContactStatuses,
    errorCode: 'InternalError',
  });
