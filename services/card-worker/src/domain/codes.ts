// The card domain's one code table (docs/rules.md#cards: the source document's own
// codes, plus the common ones of docs/rules.md#one-question-one-answer), each with a
// message in pl_PL (the default) and en_US. Success is 200 for RegisterCard (it
// returns a customerId) and 204 for the others. An unexpected failure of an
// operation answers the source's own codes (INTERNAL_ERROR_CODE), and so does the
// route outside any operation (UnknownError). InternalError stays listed (routes.ts
// falls back to it by type), yet no card reply carries it.
// Imports the runtime's pure entry only, so this module loads no I/O code.
import { codeBook } from '@workers/runtime/pure';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_PL_PL } from '../messages/pl_PL';
import type { CardOperationName } from './types';

const STATUSES = {
  Success: 200,
  CardAlreadyRegistered: 409,
  CustomerWithGivenCardNumberNotFound: 400,
  IncorrectPhoneNumber: 400,
  CardWasNotWaitingForActivation: 422,
  CustomerActivationError: 500,
  UnknownError: 500,
  ValidationFailed: 400,
  DuplicateRequestId: 409,
  MalformedRequest: 400,
  InternalError: 500,
} as const;
export type CardCode = keyof typeof STATUSES;

const SUCCESS: Readonly<Record<CardOperationName, 200 | 204>> = {
  RegisterCard: 200,
  ActivateCard: 204,
  ChangePhoneNumber: 204,
  LockCard: 204,
};

/** Polish first: the default. */
export const CARD_CODES = codeBook(STATUSES, { pl_PL: MESSAGES_PL_PL, en_US: MESSAGES_EN_US }, SUCCESS);

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
