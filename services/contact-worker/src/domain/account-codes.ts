// The account domain's one code table (docs/rules.md#accounts, plus the common codes
// of docs/rules.md#one-question-one-answer), each with a message in ja_JP (the
// default, as for contacts) and en_US; the texts of the codes both domains answer are
// shared (messages/). Success is 200 for both operations. Imports the runtime's pure
// entry only, so it loads no I/O code.
import { codeBook } from '@workers/runtime/pure';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_JA_JP } from '../messages/ja_JP';
import type { AccountOperationName } from './account-types';

const STATUSES = {
  Success: 200,
  ValidationFailed: 400,
  AccountNotFound: 404,
  PersonalIdMismatch: 409,
  DuplicateRequestId: 409,
  MalformedRequest: 400,
  InternalError: 500,
} as const;
export type AccountCode = keyof typeof STATUSES;

/** Japanese first: the default, as for contacts. Success is 200 for both operations. */
export const ACCOUNT_CODES = codeBook(STATUSES, { ja_JP: MESSAGES_JA_JP, en_US: MESSAGES_EN_US }, {
  UpsertAccount: 200,
  UpdateAccountContact: 200,
} satisfies Record<AccountOperationName, number>);
