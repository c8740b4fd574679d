// The contact and account codes: each operation's statuses (its file under operations/),
// the Japanese and English texts, the defaults.
import type { AnyOperation } from '@workers/runtime';
import { ACCOUNT_OPERATIONS } from '../../src/domain/account-types';
import { CONTACT_MESSAGES } from '../../src/domain/codes';
import { CONTACT_OPERATIONS } from '../../src/domain/types';
import { accountOperations, contactOperations } from '../../src/routes';
import { fakeCrypto } from './fixtures';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const contacts = contactOperations('crm.contact.events');
const accounts = accountOperations(fakeCrypto);

/** The operations' codes by status, Success aside, each code once, each list sorted: the rules' tables, read by status. */
function byStatus(ops: Record<string, AnyOperation>): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const op of Object.values(ops))
    for (const [c, status] of Object.entries(op.codes))
      if (c !== 'Success' && !out[status]?.includes(c)) out[status] = [...(out[status] ?? []), c];
  for (const list of Object.values(out)) list.sort();
  return out;
}

describe('contact and account texts', () => {
  const book = CONTACT_MESSAGES;

  it('has a Japanese text and a different, non-Japanese English one for every code', () => {
    expect(book.locales).toEqual(['ja_JP', 'en_US']);
    for (const c of book.codes) {
      const { ja_JP, en_US } = book.table[c]!;
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
      expect(book.message('MalformedRequest', locale)).toBe(book.table.MalformedRequest?.ja_JP);
  });
});

describe('contact codes', () => {
  it("the operations answer the rules' codes with their statuses", () => {
    expect(byStatus(contacts)).toEqual({
      400: ['MalformedRequest', 'PolicyNumberRequired', 'ValidationFailed'],
      403: ['SelfApprovalNotAllowed'],
      404: ['ContactNotFound'],
      409: [
        'ContactAlreadyAnswered',
        'ContactAlreadyApproved',
        'ContactAlreadyExists',
        'ContactDeleted',
        'DuplicateRequestId',
        'VersionConflict',
      ],
      500: ['InternalError'],
    });
  });

  it("uses the meeting notes' words", () => {
    const { message } = CONTACT_MESSAGES;
    expect(message('PolicyNumberRequired')).toContain('証券番号');
    expect(message('ContactAlreadyAnswered')).toContain('回答済み');
    expect(message('ContactAlreadyApproved')).toContain('承認済み');
    expect(message('ContactNotFound')).toContain('連絡ID');
    expect(message('ContactDeleted', 'en_US')).toBe('The contact has been deleted');
  });

  it('Success is 201 for CreateContact and 200 for the other operations', () => {
    expect(CONTACT_OPERATIONS).toEqual(['CreateContact', 'UpdateContact', 'DeleteContact']);
    expect(CONTACT_OPERATIONS.map((op) => contacts[op].codes.Success)).toEqual([201, 200, 200]);
  });
});

describe('account codes', () => {
  it("the operations answer the rules' codes with their statuses", () => {
    expect(byStatus(accounts)).toEqual({
      400: ['MalformedRequest', 'ValidationFailed'],
      404: ['AccountNotFound'],
      409: ['DuplicateRequestId', 'PersonalIdMismatch'],
      500: ['InternalError'],
    });
    expect(CONTACT_MESSAGES.message('PersonalIdMismatch')).toContain('個人ID');
    expect(CONTACT_MESSAGES.message('AccountNotFound', 'en_US')).toBe('No account found with the given account ID');
  });

  it('Success is 200 for both operations', () => {
    expect(ACCOUNT_OPERATIONS).toEqual(['UpsertAccount', 'UpdateAccountContact']);
    expect(ACCOUNT_OPERATIONS.map((op) => accounts[op].codes.Success)).toEqual([200, 200]);
  });
});
