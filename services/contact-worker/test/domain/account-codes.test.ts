import { COMMON_CODES, localize } from '@workers/runtime';
import { ACCOUNT_CODES, ACCOUNT_CODE_TABLE, ACCOUNT_LOCALES, DEFAULT_LOCALE, accountMessage, type AccountCode } from '../../src/domain/account-codes';
import { CONTACT_CODE_TABLE } from '../../src/domain/contact-codes';
import { ACCOUNT_OPERATIONS } from '../../src/domain/account-types';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('account code table', () => {
  const expected: Record<AccountCode, number> = {
    Success: 200,
    ValidationFailed: 400,
    AccountNotFound: 404,
    PersonalIdMismatch: 409,
    DuplicateRequestId: 409,
    MalformedRequest: 400,
    InternalError: 500,
  };

  it.each(Object.entries(expected))('%s has status %d and is not retriable', (code, status) => {
    const spec = ACCOUNT_CODE_TABLE[code as AccountCode];
    expect(spec.status).toBe(status);
    expect(spec.retriable).toBe(false);
  });

  it('holds exactly the listed codes, including the common ones', () => {
    expect(Object.keys(ACCOUNT_CODE_TABLE).sort()).toEqual(Object.keys(expected).sort());
    expect([...ACCOUNT_CODES].sort()).toEqual(Object.keys(expected).sort());
    for (const c of COMMON_CODES) expect(ACCOUNT_CODES).toContain(c);
  });

  it.each(ACCOUNT_CODES.flatMap((c) => ACCOUNT_LOCALES.map((l) => [c, l] as const)))('%s has a %s message', (code, locale) => {
    const text = ACCOUNT_CODE_TABLE[code].messages[locale];
    expect(typeof text).toBe('string');
    expect(text?.trim().length).toBeGreaterThan(0);
  });

  it('Japanese texts are Japanese, English texts are not, and they differ', () => {
    for (const c of ACCOUNT_CODES) {
      const { ja_JP, en_US } = ACCOUNT_CODE_TABLE[c].messages;
      expect(ja_JP).toMatch(JAPANESE);
      expect(en_US).not.toMatch(JAPANESE);
      expect(ja_JP).not.toBe(en_US);
    }
    expect(ACCOUNT_CODE_TABLE.PersonalIdMismatch.messages.ja_JP).toContain('個人ID');
  });

  it('shares the texts of the common codes with the contact table', () => {
    for (const c of ['Success', 'ValidationFailed', 'DuplicateRequestId', 'MalformedRequest', 'InternalError'] as const) {
      expect(ACCOUNT_CODE_TABLE[c]).toEqual(CONTACT_CODE_TABLE[c]);
    }
  });

  it('defaults to ja_JP', () => {
    expect(DEFAULT_LOCALE).toBe('ja_JP');
    const ja = ACCOUNT_CODE_TABLE.AccountNotFound.messages.ja_JP;
    expect(accountMessage('AccountNotFound', null)).toBe(ja);
    expect(accountMessage('AccountNotFound', 'pl_PL')).toBe(ja);
    expect(accountMessage('AccountNotFound', 'en_US')).toBe('No account found with the given account ID');
    expect(localize(ACCOUNT_CODE_TABLE, 'PersonalIdMismatch', 'de_DE', DEFAULT_LOCALE)).toBe(ACCOUNT_CODE_TABLE.PersonalIdMismatch.messages.ja_JP);
    expect(ACCOUNT_OPERATIONS).toEqual(['UpsertAccount', 'UpdateAccountContact']);
  });
});
