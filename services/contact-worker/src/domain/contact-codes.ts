// The contact domain's one code table (SPEC section 3 plus the common codes of
// section 2). Contract: every ContactCode has a status, is not retriable, and has
// a message in DEFAULT_LOCALE (ja_JP) and en_US. Success's status depends on the
// operation: use successStatus(operation) as the outcome's status.
// Only types come from the runtime, so this module loads no I/O code.
import { localize, type CodeSpec, type CodeTable, type Locale } from '@workers/runtime';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_JA_JP } from '../messages/ja_JP';
import type { ContactOperationName } from './types';

export const CONTACT_CODES = [
  'Success',
  'ValidationFailed',
  'PolicyNumberRequired',
  'ContactNotFound',
  'ContactDeleted',
  'ContactAlreadyAnswered',
  'ContactAlreadyApproved',
  'SelfApprovalNotAllowed',
  'ContactAlreadyExists',
  'VersionConflict',
  'DuplicateRequestId',
  'MalformedRequest',
  'InternalError',
] as const;
export type ContactCode = (typeof CONTACT_CODES)[number];

export const DEFAULT_LOCALE = 'ja_JP';
export const CONTACT_LOCALES = ['ja_JP', 'en_US'] as const;

function spec(code: ContactCode, status: number): CodeSpec {
  return { status, retriable: false, messages: { ja_JP: MESSAGES_JA_JP[code], en_US: MESSAGES_EN_US[code] } };
}

export const CONTACT_CODE_TABLE: CodeTable<ContactCode> = {
  Success: spec('Success', 200), // per operation: see successStatus
  ValidationFailed: spec('ValidationFailed', 400),
  PolicyNumberRequired: spec('PolicyNumberRequired', 400),
  ContactNotFound: spec('ContactNotFound', 404),
  ContactDeleted: spec('ContactDeleted', 409),
  ContactAlreadyAnswered: spec('ContactAlreadyAnswered', 409),
  ContactAlreadyApproved: spec('ContactAlreadyApproved', 409),
  SelfApprovalNotAllowed: spec('SelfApprovalNotAllowed', 403),
  ContactAlreadyExists: spec('ContactAlreadyExists', 409),
  VersionConflict: spec('VersionConflict', 409),
  DuplicateRequestId: spec('DuplicateRequestId', 409),
  MalformedRequest: spec('MalformedRequest', 400),
  InternalError: spec('InternalError', 500),
};

/** Success is 201 for CreateContact, 200 for UpdateContact and DeleteContact. */
export function successStatus(operation: ContactOperationName): 200 | 201 {
  return operation === 'CreateContact' ? 201 : 200;
}

/** Text of `code` in `locale`; DEFAULT_LOCALE when the locale is absent or unknown. */
export function contactMessage(code: ContactCode, locale: Locale | null | undefined): string {
  return localize(CONTACT_CODE_TABLE, code, locale ?? undefined, DEFAULT_LOCALE);
}
