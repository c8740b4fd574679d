// The account domain's one code table (SPEC section 4 plus the common codes of
// section 2). Contract: every AccountCode has a status (Success is 200 for both
// operations), is not retriable, and has a message in DEFAULT_LOCALE (ja_JP, the
// same default as contacts) and en_US. Only types come from the runtime.
import { localize, type CodeSpec, type CodeTable, type Locale } from '@workers/runtime';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_JA_JP } from '../messages/ja_JP';
import { DEFAULT_LOCALE } from './contact-codes';

export { DEFAULT_LOCALE };

export const ACCOUNT_CODES = [
  'Success',
  'ValidationFailed',
  'AccountNotFound',
  'PersonalIdMismatch',
  'DuplicateRequestId',
  'MalformedRequest',
  'InternalError',
] as const;
export type AccountCode = (typeof ACCOUNT_CODES)[number];

export const ACCOUNT_LOCALES = ['ja_JP', 'en_US'] as const;

function spec(code: AccountCode, status: number): CodeSpec {
  return { status, retriable: false, messages: { ja_JP: MESSAGES_JA_JP[code], en_US: MESSAGES_EN_US[code] } };
}

export const ACCOUNT_CODE_TABLE: CodeTable<AccountCode> = {
  Success: spec('Success', 200),
  ValidationFailed: spec('ValidationFailed', 400),
  AccountNotFound: spec('AccountNotFound', 404),
  PersonalIdMismatch: spec('PersonalIdMismatch', 409),
  DuplicateRequestId: spec('DuplicateRequestId', 409),
  MalformedRequest: spec('MalformedRequest', 400),
  InternalError: spec('InternalError', 500),
};

/** Text of `code` in `locale`; DEFAULT_LOCALE when the locale is absent or unknown. */
export function accountMessage(code: AccountCode, locale: Locale | null | undefined): string {
  return localize(ACCOUNT_CODE_TABLE, code, locale ?? undefined, DEFAULT_LOCALE);
}
