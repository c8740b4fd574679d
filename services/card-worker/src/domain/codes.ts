// The card domain's reply codes (docs/rules.md#cards: the source document's own codes,
// plus the common ones of docs/rules.md#one-question-one-answer), each with a message
// in pl_PL (the default) and en_US. Which operation answers which code, with which
// status, is written in that operation's file (operations/). InternalError keeps its
// texts, yet no card reply carries it: an unexpected failure answers the source's
// UnknownError, or CustomerActivationError for activation.
// Imports the runtime's pure entry only, so this module loads no I/O code.
import { messageBook } from '@workers/runtime/pure';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_PL_PL } from '../messages/pl_PL';

export type CardCode =
  | 'Success'
  | 'CardAlreadyRegistered'
  | 'CustomerWithGivenCardNumberNotFound'
  | 'IncorrectPhoneNumber'
  | 'CardWasNotWaitingForActivation'
  | 'CustomerActivationError'
  | 'UnknownError'
  | 'ValidationFailed'
  | 'DuplicateRequestId'
  | 'MalformedRequest'
  | 'InternalError';

/** Polish first: the default. */
export const CARD_MESSAGES = messageBook<CardCode, 'pl_PL' | 'en_US'>({ pl_PL: MESSAGES_PL_PL, en_US: MESSAGES_EN_US });
