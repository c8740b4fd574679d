// The card domain's one code table (SPEC section 5; the source document's own codes
// plus the common ones of section 2). Contract: every CardCode has a status, is not
// retriable, and has a message in DEFAULT_LOCALE (pl_PL) and en_US. Success's status
// depends on the operation: use successStatus(operation) as the outcome's status.
// An unexpected failure of an operation answers the source's own codes
// (INTERNAL_ERROR_CODE), and so does the route outside any operation (UnknownError).
// InternalError stays listed (routes.ts falls back to it by type), yet no card reply
// carries it.
// Only types come from the runtime, so this module loads no I/O code.
import type { CodeSpec, CodeTable, Locale } from '@workers/runtime';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_PL_PL } from '../messages/pl_PL';
import type { CardOperationName } from './types';

export const CARD_CODES = [
  'Success',
  'CardAlreadyRegistered',
  'CustomerWithGivenCardNumberNotFound',
  'IncorrectPhoneNumber',
  'CardWasNotWaitingForActivation',
  'CustomerActivationError',
  'UnknownError',
  'ValidationFailed',
  'DuplicateRequestId',
  'MalformedRequest',
  'InternalError',
] as const;
export type CardCode = (typeof CARD_CODES)[number];

export const DEFAULT_LOCALE = 'pl_PL';
export const CARD_LOCALES = ['pl_PL', 'en_US'] as const;

function spec(code: CardCode, status: number): CodeSpec {
  return { status, retriable: false, messages: { pl_PL: MESSAGES_PL_PL[code], en_US: MESSAGES_EN_US[code] } };
}

export const CARD_CODE_TABLE: CodeTable<CardCode> = {
  Success: spec('Success', 200), // per operation: see successStatus
  CardAlreadyRegistered: spec('CardAlreadyRegistered', 409),
  CustomerWithGivenCardNumberNotFound: spec('CustomerWithGivenCardNumberNotFound', 400),
  IncorrectPhoneNumber: spec('IncorrectPhoneNumber', 400),
  CardWasNotWaitingForActivation: spec('CardWasNotWaitingForActivation', 422),
  CustomerActivationError: spec('CustomerActivationError', 500),
  UnknownError: spec('UnknownError', 500),
  ValidationFailed: spec('ValidationFailed', 400),
  DuplicateRequestId: spec('DuplicateRequestId', 409),
  MalformedRequest: spec('MalformedRequest', 400),
  InternalError: spec('InternalError', 500),
};

/** Success is 200 for RegisterCard (it returns a customerId), 204 for the others. */
export function successStatus(operation: CardOperationName): 200 | 204 {
  return operation === 'RegisterCard' ? 200 : 204;
}

/**
 * Code used when a handler throws unexpectedly: the source's "UnknownError" (an
 * unhandled error), and its own CustomerActivationError for activation. The reply
 * carries the table's fixed text, never the exception's message.
 */
export const INTERNAL_ERROR_CODE: Readonly<Record<CardOperationName, CardCode>> = {
  RegisterCard: 'UnknownError',
  ActivateCard: 'CustomerActivationError',
  ChangePhoneNumber: 'UnknownError',
  LockCard: 'UnknownError',
};

/** Text of `code` in `locale`; DEFAULT_LOCALE when the locale is absent or unknown. */
export function cardMessage(code: CardCode, locale: Locale | null | undefined): string {
  const messages = CARD_CODE_TABLE[code].messages;
  return (locale ? messages[locale] : undefined) ?? messages[DEFAULT_LOCALE] ?? code;
}
