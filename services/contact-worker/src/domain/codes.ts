// The contact and account domains' reply codes (docs/rules.md#contacts,
// docs/rules.md#accounts, plus the common codes of docs/rules.md#one-question-one-answer),
// each with a message in ja_JP (the default) and en_US; the codes both domains answer
// share one text. Which operation answers which code, with which status, is written in
// that operation's file (operations/). Imports the runtime's pure entry only, so it
// loads no I/O code.
import { messageBook } from '@workers/runtime/pure';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_JA_JP } from '../messages/ja_JP';

/** Codes both domains answer. */
type CommonCode = 'Success' | 'ValidationFailed' | 'DuplicateRequestId' | 'MalformedRequest' | 'InternalError';

export type ContactCode =
  | CommonCode
  | 'PolicyNumberRequired'
  | 'ContactNotFound'
  | 'ContactDeleted'
  | 'ContactAlreadyAnswered'
  | 'ContactAlreadyApproved'
  | 'SelfApprovalNotAllowed'
  | 'ContactAlreadyExists'
  | 'VersionConflict';

export type AccountCode = CommonCode | 'AccountNotFound' | 'PersonalIdMismatch';

/** Japanese first: the default, for contacts and accounts alike. */
export const CONTACT_MESSAGES = messageBook<ContactCode | AccountCode, 'ja_JP' | 'en_US'>({
  ja_JP: MESSAGES_JA_JP,
  en_US: MESSAGES_EN_US,
});
