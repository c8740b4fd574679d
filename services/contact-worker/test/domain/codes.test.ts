// The contact and account code tables: statuses, Japanese and English texts, defaults.
import { COMMON_CODES, type CodeBook } from '@workers/runtime';
import { ACCOUNT_CODES } from '../../src/domain/account-codes';
import { ACCOUNT_OPERATIONS } from '../../src/domain/account-types';
import { CONTACT_CODES } from '../../src/domain/contact-codes';
import { CONTACT_OPERATIONS } from '../../src/domain/types';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** The book's codes by status, each list in the order declared: the rules' tables, read by status. */
function byStatus(book: CodeBook<string, string>): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const c of book.codes) out[book.table[c]!.status] = [...(out[book.table[c]!.status] ?? []), c];
  return out;
}

// Both books seen through what they share: their codes as plain strings.
const books: [string, CodeBook<string, string>][] = [
  ['contact', CONTACT_CODES],
  ['account', ACCOUNT_CODES],
];

describe.each(books)('%s code table', (_name, book) => {
  it('holds the common codes', () => {
    for (const c of COMMON_CODES) expect(book.codes).toContain(c);
  });

  it('has a Japanese text and a different, non-Japanese English one for every code', () => {
    expect(book.locales).toEqual(['ja_JP', 'en_US']);
    for (const c of book.codes) {
      const { ja_JP, en_US } = book.table[c]!.messages;
      expect({ c, ja: JAPANESE.test(ja_JP ?? ''), en: JAPANESE.test(en_US ?? ''), same: ja_JP === en_US }).toEqual({
        c,
        ja: true,
        en: false,
        same: false,
      });
    }
  });

  it('defaults to ja_JP', () => {
    expect(book.defaultLocale).toBe('ja_JP');
    for (const locale of [null, undefined, 'pl_PL', 'de_DE'])
      expect(book.message('MalformedRequest', locale)).toBe(book.table.MalformedRequest?.messages.ja_JP);
  });
});

describe('contact code table', () => {
  it("holds the rules' codes with their statuses", () => {
    expect(byStatus(CONTACT_CODES)).toEqual({
      200: ['Success'],
      400: ['ValidationFailed', 'PolicyNumberRequired', 'MalformedRequest'],
      403: ['SelfApprovalNotAllowed'],
      404: ['ContactNotFound'],
      409: [
        'ContactDeleted',
        'ContactAlreadyAnswered',
        'ContactAlreadyApproved',
        'ContactAlreadyExists',
        'VersionConflict',
        'DuplicateRequestId',
      ],
      500: ['InternalError'],
    });
  });

  it("uses the meeting notes' words", () => {
    expect(CONTACT_CODES.message('PolicyNumberRequired')).toContain('証券番号');
    expect(CONTACT_CODES.message('ContactAlreadyAnswered')).toContain('回答済み');
    expect(CONTACT_CODES.message('ContactAlreadyApproved')).toContain('承認済み');
    expect(CONTACT_CODES.message('ContactNotFound')).toContain('連絡ID');
    expect(CONTACT_CODES.message('ContactDeleted', 'en_US')).toBe('The contact has been deleted');
  });

  it('Success is 201 for CreateContact and 200 for the other operations', () => {
    expect(CONTACT_OPERATIONS).toEqual(['CreateContact', 'UpdateContact', 'DeleteContact']);
    expect(CONTACT_OPERATIONS.map((op) => CONTACT_CODES.successStatus(op))).toEqual([201, 200, 200]);
  });
});

describe('account code table', () => {
  it("holds the rules' codes with their statuses", () => {
    expect(byStatus(ACCOUNT_CODES)).toEqual({
      200: ['Success'],
      400: ['ValidationFailed', 'MalformedRequest'],
      404: ['AccountNotFound'],
      409: ['PersonalIdMismatch', 'DuplicateRequestId'],
      500: ['InternalError'],
    });
    expect(ACCOUNT_CODES.message('PersonalIdMismatch')).toContain('個人ID');
    expect(ACCOUNT_CODES.message('AccountNotFound', 'en_US')).toBe('No account found with the given account ID');
  });

  it('shares the texts of the common codes with the contact table', () => {
    for (const c of [
      'Success',
      'ValidationFailed',
      'DuplicateRequestId',
      'MalformedRequest',
      'InternalError',
    ] as const) {
      expect(ACCOUNT_CODES.table[c]).toEqual(CONTACT_CODES.table[c]);
    }
  });

  it('Success is 200 for both operations', () => {
    expect(ACCOUNT_OPERATIONS).toEqual(['UpsertAccount', 'UpdateAccountContact']);
    expect(ACCOUNT_OPERATIONS.map((op) => ACCOUNT_CODES.successStatus(op))).toEqual([200, 200]);
  });
});
