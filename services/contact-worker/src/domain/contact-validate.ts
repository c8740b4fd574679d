// Field checks of decoded contact requests, before any look-up, shared by the contact
// operations (operations/). Contract: each check adds one Detail per broken rule to
// `out` (field = path in the Avro schema, reason in English) and never throws; a
// request with any Detail is answered ValidationFailed (400). A missing policy number is NOT a
// validation failure: policyNumberMissing() tells the handler to answer
// PolicyNumberRequired instead. Lengths count Unicode code points. Every text that can
// reach a mail or the console refuses control characters (runtime control-chars.ts); only
// the body, multi-line text shown on My Page and in the mail, keeps LF (its line breaks)
// and TAB (pasted tables and indents): a line break anywhere else could add a line to a
// mail or a header, and the body is not written into a header.
import { controlCharReason, type TextShape } from '@workers/runtime/pure';
import type { Detail } from '@workers/runtime';
import type { ActionRequestType, ContactKind } from './types';

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

const length = (s: string): number => [...s].length;
export const blank = (s: string | null): boolean => s === null || s.trim() === '';

export function checkId(field: string, value: string, out: Detail[]): void {
  if (!ID_PATTERN.test(value)) out.push({ field, reason: 'must be 1 to 64 letters, digits, _ or -' });
}

/** A control character in a text field (the shape says whether LF and TAB may be there). */
function controls(field: string, value: string, shape: TextShape, out: Detail[]): boolean {
  const reason = controlCharReason(value, shape);
  if (reason !== null) out.push({ field, reason });
  return reason !== null;
}

export function checkText(
  field: string,
  value: string,
  max: number,
  out: Detail[],
  shape: TextShape = 'single-line',
): void {
  if (value.trim() === '') out.push({ field, reason: 'must not be empty' });
  else if (length(value) > max) out.push({ field, reason: `must be at most ${max} characters` });
  else controls(field, value, shape, out);
}

export function checkName(field: string, value: string, out: Detail[]): void {
  checkText(field, value, MAX_NAME, out);
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

export function checkLinkUrl(value: string | null, out: Detail[]): void {
  if (blank(value) || value === null) return;
  if (!controls('linkUrl', value, 'single-line', out) && !isHttpsUrl(value))
    out.push({ field: 'linkUrl', reason: 'must be an absolute https URL' });
}

export function checkPolicyNumber(value: string | null, out: Detail[]): void {
  if (value === null || value.trim() === '') return; // blank: absent (create) or removed (update)
  if (value !== value.trim()) out.push({ field: 'policyNumber', reason: 'must not start or end with whitespace' });
  else if (length(value) > MAX_POLICY_NUMBER)
    out.push({ field: 'policyNumber', reason: `must be at most ${MAX_POLICY_NUMBER} characters` });
  else controls('policyNumber', value, 'single-line', out);
}

export function checkTimestamp(field: string, value: number, out: Detail[]): void {
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
