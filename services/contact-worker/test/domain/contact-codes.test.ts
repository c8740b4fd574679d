import { COMMON_CODES, localize } from '@workers/runtime';
import {
  CONTACT_CODES, CONTACT_CODE_TABLE, CONTACT_LOCALES, DEFAULT_LOCALE, contactMessage, successStatus, type ContactCode,
} from '../../src/domain/contact-codes';
import { CONTACT_OPERATIONS } from '../../src/domain/types';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('contact code table', () => {
  const expected: Record<ContactCode, number> = {
    Success: 200,
    ValidationFailed: 400,
    PolicyNumberRequired: 400,
    ContactNotFound: 404,
    ContactDeleted: 409,
    ContactAlreadyAnswered: 409,
    ContactAlreadyApproved: 409,
    SelfApprovalNotAllowed: 403,
    ContactAlreadyExists: 409,
    VersionConflict: 409,
    DuplicateRequestId: 409,
    MalformedRequest: 400,
    InternalError: 500,
  };

  it.each(Object.entries(expected))('%s has status %d and is not retriable', (code, status) => {
    const spec = CONTACT_CODE_TABLE[code as ContactCode];
    expect(spec.status).toBe(status);
    expect(spec.retriable).toBe(false);
  });

  it('holds exactly the listed codes, including the common ones', () => {
    expect(Object.keys(CONTACT_CODE_TABLE).sort()).toEqual(Object.keys(expected).sort());
    expect([...CONTACT_CODES].sort()).toEqual(Object.keys(expected).sort());
    for (const c of COMMON_CODES) expect(CONTACT_CODES).toContain(c);
  });

  it.each(CONTACT_CODES.flatMap((c) => CONTACT_LOCALES.map((l) => [c, l] as const)))('%s has a %s message', (code, locale) => {
    const text = CONTACT_CODE_TABLE[code].messages[locale];
    expect(typeof text).toBe('string');
    expect(text?.trim().length).toBeGreaterThan(0);
  });

  it('Japanese texts are Japanese, English texts are not, and they differ', () => {
    for (const c of CONTACT_CODES) {
      const { ja_JP, en_US } = CONTACT_CODE_TABLE[c].messages;
      expect(ja_JP).toMatch(JAPANESE);
      expect(en_US).not.toMatch(JAPANESE);
      expect(ja_JP).not.toBe(en_US);
    }
  });

  it('uses the meeting notes\' words', () => {
    expect(CONTACT_CODE_TABLE.PolicyNumberRequired.messages.ja_JP).toContain('証券番号');
    expect(CONTACT_CODE_TABLE.ContactAlreadyAnswered.messages.ja_JP).toContain('回答済み');
    expect(CONTACT_CODE_TABLE.ContactAlreadyApproved.messages.ja_JP).toContain('承認済み');
    expect(CONTACT_CODE_TABLE.ContactNotFound.messages.ja_JP).toContain('連絡ID');
  });

  it('defaults to ja_JP', () => {
    expect(DEFAULT_LOCALE).toBe('ja_JP');
    const ja = CONTACT_CODE_TABLE.ContactDeleted.messages.ja_JP;
    expect(contactMessage('ContactDeleted', null)).toBe(ja);
    expect(contactMessage('ContactDeleted', undefined)).toBe(ja);
    expect(contactMessage('ContactDeleted', 'pl_PL')).toBe(ja);
    expect(contactMessage('ContactDeleted', 'en_US')).toBe('The contact has been deleted');
    expect(localize(CONTACT_CODE_TABLE, 'Success', undefined, DEFAULT_LOCALE)).toBe(CONTACT_CODE_TABLE.Success.messages.ja_JP);
  });

  it('Success is 201 for CreateContact and 200 for the other operations', () => {
    expect(CONTACT_OPERATIONS).toEqual(['CreateContact', 'UpdateContact', 'DeleteContact']);
    expect(successStatus('CreateContact')).toBe(201);
    expect(successStatus('UpdateContact')).toBe(200);
    expect(successStatus('DeleteContact')).toBe(200);
  });
});
