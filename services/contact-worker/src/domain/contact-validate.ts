// Field validation of decoded contact requests, before any look-up. Contract: each
// function returns one Detail per broken rule (field = path in the Avro schema,
// reason in English), [] when the payload is valid; it never throws. A non-empty
// result becomes a ValidationFailed (400) reply. A missing policy number is NOT a
// validation failure: policyNumberMissing() tells the handler to answer
// PolicyNumberRequired instead. Lengths count Unicode code points. Every text that can
// reach a mail or the console refuses control characters (runtime control-chars.ts); only
// the body, multi-line text shown on My Page and in the mail, keeps LF (its line breaks)
// and TAB (pasted tables and indents): a line break anywhere else could add a line to a
// mail or a header, and the body is not written into a header.
import { controlCharReason, type TextShape } from '@workers/runtime/pure';
import type { Detail } from '@workers/runtime';
import type { ActionRequestType, ContactKind, CreateContact, DeleteContact, UpdateContact } from './types';

/** Contact, account and personal ids travel as Kafka keys: ASCII letters, digits, '_' and '-'. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TITLE = 200;
export const MAX_BODY = 10_000;
export const MAX_NAME = 100;
export const MAX_POLICY_NUMBER = 64;
export const MAX_URL = 2048;
/** The name the system sends under (SYSTEM senders only). */
export const SYSTEM_SENDER_NAME = 'SystemAdmin';
/** Action request types that need a policy number (証券番号). */
export const POLICY_NUMBER_TYPES: readonly ActionRequestType[] = ['PAYMENT_ROUTE_DEFECT', 'UNDERWRITING'];

const AUDIENCES: readonly string[] = ['PERSON', 'ALL'];
const KINDS: readonly string[] = ['NOTICE', 'ACTION_REQUEST'];
const REQUEST_TYPES: readonly string[] = [
  'IDENTITY_VERIFICATION',
  'PAYMENT_ROUTE_DEFECT',
  'UNDERWRITING',
  'DOCUMENT_SUBMISSION',
  'OTHER',
];
const SENDER_TYPES: readonly string[] = ['HUMAN', 'SYSTEM'];

const length = (s: string): number => [...s].length;
const blank = (s: string | null): boolean => s === null || s.trim() === '';

function id(field: string, value: string, out: Detail[]): void {
  if (!ID_PATTERN.test(value)) out.push({ field, reason: 'must be 1 to 64 letters, digits, _ or -' });
}

/** A control character in a text field (the shape says whether LF and TAB may be there). */
function controls(field: string, value: string, shape: TextShape, out: Detail[]): boolean {
  const reason = controlCharReason(value, shape);
  if (reason !== null) out.push({ field, reason });
  return reason !== null;
}

function text(field: string, value: string, max: number, out: Detail[], shape: TextShape = 'single-line'): void {
  if (value.trim() === '') out.push({ field, reason: 'must not be empty' });
  else if (length(value) > max) out.push({ field, reason: `must be at most ${max} characters` });
  else controls(field, value, shape, out);
}

function name(field: string, value: string, out: Detail[]): void {
  text(field, value, MAX_NAME, out);
  if (value.trim() !== '' && value !== value.trim())
    out.push({ field, reason: 'must not start or end with whitespace' });
}

/**
 * True for an absolute https URL with a host and no credentials. The raw text is checked for
 * control characters first: the URL parser silently drops CR, LF and TAB, so a link that
 * parses can still carry a line break into the mail.
 */
export function isHttpsUrl(value: string): boolean {
  if (value.length > MAX_URL || value !== value.trim() || controlCharReason(value) !== null) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

function linkUrl(value: string | null, out: Detail[]): void {
  if (blank(value) || value === null) return;
  if (!controls('linkUrl', value, 'single-line', out) && !isHttpsUrl(value))
    out.push({ field: 'linkUrl', reason: 'must be an absolute https URL' });
}

function policyNumber(value: string | null, out: Detail[]): void {
  if (value === null || value.trim() === '') return; // blank: absent (create) or removed (update)
  if (value !== value.trim()) out.push({ field: 'policyNumber', reason: 'must not start or end with whitespace' });
  else if (length(value) > MAX_POLICY_NUMBER)
    out.push({ field: 'policyNumber', reason: `must be at most ${MAX_POLICY_NUMBER} characters` });
  else controls('policyNumber', value, 'single-line', out);
}

function timestamp(field: string, value: number, out: Detail[]): void {
  if (!Number.isSafeInteger(value) || value < 0) out.push({ field, reason: 'must be a valid timestamp' });
}

/** True when the kind / request type needs a policy number and none (or a blank one) is given. */
export function policyNumberMissing(
  kind: ContactKind,
  actionRequestType: ActionRequestType | null,
  policyNumber: string | null,
): boolean {
  return (
    kind === 'ACTION_REQUEST' &&
    actionRequestType !== null &&
    POLICY_NUMBER_TYPES.includes(actionRequestType) &&
    blank(policyNumber)
  );
}

export function validateCreate(req: CreateContact): Detail[] {
  const out: Detail[] = [];
  if (req.contactId !== null) id('contactId', req.contactId, out);
  if (!AUDIENCES.includes(req.audience)) out.push({ field: 'audience', reason: 'must be PERSON or ALL' });
  if (req.audience === 'PERSON') {
    if (req.personalId === null || req.personalId === '')
      out.push({ field: 'personalId', reason: 'is required for audience PERSON' });
    else id('personalId', req.personalId, out);
    if (req.accountId !== null) id('accountId', req.accountId, out);
  } else if (req.audience === 'ALL') {
    if (req.personalId !== null) out.push({ field: 'personalId', reason: 'must be absent for audience ALL' });
    if (req.accountId !== null) out.push({ field: 'accountId', reason: 'must be absent for audience ALL' });
  }
  if (!KINDS.includes(req.kind)) out.push({ field: 'kind', reason: 'must be NOTICE or ACTION_REQUEST' });
  if (req.kind === 'ACTION_REQUEST' && req.actionRequestType === null) {
    out.push({ field: 'actionRequestType', reason: 'is required for kind ACTION_REQUEST' });
  } else if (req.kind === 'NOTICE' && req.actionRequestType !== null) {
    out.push({ field: 'actionRequestType', reason: 'must be absent for kind NOTICE' });
  } else if (req.actionRequestType !== null && !REQUEST_TYPES.includes(req.actionRequestType)) {
    out.push({ field: 'actionRequestType', reason: 'is not a known action request type' });
  }
  policyNumber(req.policyNumber, out);
  text('title', req.title, MAX_TITLE, out);
  text('body', req.body, MAX_BODY, out, 'multi-line');
  linkUrl(req.linkUrl, out);
  timestamp('publishAt', req.publishAt, out);
  name('sender.name', req.sender.name, out);
  if (!SENDER_TYPES.includes(req.sender.type)) out.push({ field: 'sender.type', reason: 'must be HUMAN or SYSTEM' });
  else if (req.sender.type === 'SYSTEM' && req.sender.name !== SYSTEM_SENDER_NAME) {
    out.push({ field: 'sender.name', reason: `must be ${SYSTEM_SENDER_NAME} for a SYSTEM sender` });
  } else if (req.sender.type === 'HUMAN' && req.sender.name === SYSTEM_SENDER_NAME) {
    out.push({ field: 'sender.name', reason: `${SYSTEM_SENDER_NAME} is reserved for SYSTEM senders` });
  }
  name('createdBy', req.createdBy, out);
  return out;
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
  id('contactId', req.contactId, out);
  name('updatedBy', req.updatedBy, out);
  if (req.title !== null) text('title', req.title, MAX_TITLE, out);
  if (req.body !== null) text('body', req.body, MAX_BODY, out, 'multi-line');
  linkUrl(req.linkUrl, out);
  policyNumber(req.policyNumber, out);
  if (req.publishAt !== null) timestamp('publishAt', req.publishAt, out);
  if (req.answerStatus !== null && req.answerStatus !== 'ANSWERED')
    out.push({ field: 'answerStatus', reason: 'may only be set to ANSWERED' });
  if (req.expectedVersion !== null && (!Number.isSafeInteger(req.expectedVersion) || req.expectedVersion < 1)) {
    out.push({ field: 'expectedVersion', reason: 'must be a positive integer' });
  }
  if (req.approvedBy !== null) name('approvedBy', req.approvedBy, out);
  if (UPDATE_FIELDS.every((f) => req[f] === null)) {
    out.push({ field: 'operation', reason: `must change at least one of ${UPDATE_FIELDS.join(', ')}` });
  }
  return out;
}

export function validateDelete(req: DeleteContact): Detail[] {
  const out: Detail[] = [];
  id('contactId', req.contactId, out);
  name('deletedBy', req.deletedBy, out);
  return out;
}
