import { ID_PATTERN, MAX_BODY, MAX_TITLE, isHttpsUrl, policyNumberMissing } from '../../src/domain/contact-validate';
import { validateCreate } from '../../src/operations/create-contact';
import { validateDelete } from '../../src/operations/delete-contact';
import { validateUpdate } from '../../src/operations/update-contact';
import type { ActionRequestType, ContactKind, UpdateContact } from '../../src/domain/types';
import { broadcastReq, createReq, updateReq } from './fixtures';

const fields = (d: { field: string }[]) => d.map((x) => x.field);

describe('validateCreate', () => {
  it("accepts a person's action request, a person's notice and a broadcast notice", () => {
    expect(validateCreate(createReq())).toEqual([]);
    expect(
      validateCreate(createReq({ kind: 'NOTICE', actionRequestType: null, accountId: null, contactId: null })),
    ).toEqual([]);
    expect(validateCreate(broadcastReq())).toEqual([]);
  });

  describe('audience', () => {
    it('PERSON needs a personalId', () => {
      expect(validateCreate(createReq({ personalId: null }))).toEqual([
        { field: 'personalId', reason: 'is required for audience PERSON' },
      ]);
      expect(fields(validateCreate(createReq({ personalId: '' })))).toEqual(['personalId']);
      expect(fields(validateCreate(createReq({ personalId: 'P 1' })))).toEqual(['personalId']);
    });

    it('PERSON may go without an accountId, but a given one must be an id', () => {
      expect(validateCreate(createReq({ accountId: null }))).toEqual([]);
      expect(fields(validateCreate(createReq({ accountId: 'a/b' })))).toEqual(['accountId']);
    });

    it('ALL must carry neither personalId nor accountId', () => {
      expect(validateCreate(broadcastReq({ personalId: 'P-1' }))).toEqual([
        { field: 'personalId', reason: 'must be absent for audience ALL' },
      ]);
      expect(validateCreate(broadcastReq({ accountId: 'A-1' }))).toEqual([
        { field: 'accountId', reason: 'must be absent for audience ALL' },
      ]);
      expect(fields(validateCreate(broadcastReq({ personalId: 'P-1', accountId: 'A-1' })))).toEqual([
        'personalId',
        'accountId',
      ]);
    });

    it('ALL may be an action request too (e.g. a general document request)', () => {
      expect(
        validateCreate(broadcastReq({ kind: 'ACTION_REQUEST', actionRequestType: 'DOCUMENT_SUBMISSION' })),
      ).toEqual([]);
    });

    it('rejects an unknown audience', () => {
      expect(fields(validateCreate(createReq({ audience: 'SOME' as 'ALL' })))).toEqual(['audience']);
    });
  });

  describe('kind and action request type', () => {
    it('ACTION_REQUEST needs an actionRequestType', () => {
      expect(validateCreate(createReq({ actionRequestType: null }))).toEqual([
        { field: 'actionRequestType', reason: 'is required for kind ACTION_REQUEST' },
      ]);
    });

    it('NOTICE must not have one', () => {
      expect(validateCreate(createReq({ kind: 'NOTICE' }))).toEqual([
        { field: 'actionRequestType', reason: 'must be absent for kind NOTICE' },
      ]);
    });

    it.each(['IDENTITY_VERIFICATION', 'DOCUMENT_SUBMISSION', 'OTHER'] as const)(
      'accepts %s without a policy number',
      (t) => {
        expect(validateCreate(createReq({ actionRequestType: t, policyNumber: null }))).toEqual([]);
      },
    );

    it.each(['PAYMENT_ROUTE_DEFECT', 'UNDERWRITING'] as const)(
      'a missing policy number for %s is not a validation failure',
      (t) => {
        expect(validateCreate(createReq({ actionRequestType: t, policyNumber: null }))).toEqual([]);
        expect(validateCreate(createReq({ actionRequestType: t, policyNumber: 'S-123456789' }))).toEqual([]);
      },
    );

    it('rejects unknown enum values', () => {
      expect(fields(validateCreate(createReq({ kind: 'MEMO' as 'NOTICE' })))).toEqual(['kind']);
      expect(fields(validateCreate(createReq({ actionRequestType: 'X' as 'OTHER' })))).toEqual(['actionRequestType']);
      expect(fields(validateCreate(createReq({ sender: { name: 'a', type: 'BOT' as 'HUMAN' } })))).toEqual([
        'sender.type',
      ]);
    });
  });

  describe('policyNumber', () => {
    it('accepts a blank one as absent, rejects padding and over-long ones', () => {
      expect(validateCreate(createReq({ policyNumber: '' }))).toEqual([]);
      expect(validateCreate(createReq({ policyNumber: '  ' }))).toEqual([]);
      expect(fields(validateCreate(createReq({ policyNumber: ' 123' })))).toEqual(['policyNumber']);
      expect(fields(validateCreate(createReq({ policyNumber: '1'.repeat(65) })))).toEqual(['policyNumber']);
      expect(validateCreate(createReq({ policyNumber: '1'.repeat(64) }))).toEqual([]);
    });
  });

  describe('linkUrl', () => {
    it.each([
      'https://mypage.example.jp/identity/upload',
      'https://example.com',
      'https://例え.jp/パス?q=1#x',
      'https://mypage.example.jp:8443/a',
    ])('accepts %s', (linkUrl) => {
      expect(validateCreate(createReq({ linkUrl }))).toEqual([]);
    });

    it.each([
      'http://mypage.example.jp/identity/upload',
      '/identity/upload',
      'mypage.example.jp/identity',
      'javascript:alert(1)',
      'ftp://example.com/file',
      'data:text/html,hi',
      'https://user:pass@example.com/',
      ' https://example.com',
      'https://',
      `https://example.com/${'a'.repeat(2048)}`,
    ])('rejects %j', (linkUrl) => {
      expect(validateCreate(createReq({ linkUrl }))).toEqual([
        { field: 'linkUrl', reason: 'must be an absolute https URL' },
      ]);
    });

    it('accepts no link, or a blank one (absent)', () => {
      expect(validateCreate(createReq({ linkUrl: null }))).toEqual([]);
      expect(validateCreate(createReq({ linkUrl: '' }))).toEqual([]);
      expect(isHttpsUrl('')).toBe(false);
    });
  });

  describe('texts', () => {
    it('title is 1 to 200 characters (counted as characters, not UTF-16 units)', () => {
      expect(validateCreate(createReq({ title: 'あ'.repeat(MAX_TITLE) }))).toEqual([]);
      expect(validateCreate(createReq({ title: '𠮷'.repeat(MAX_TITLE) }))).toEqual([]);
      expect(validateCreate(createReq({ title: 'あ'.repeat(MAX_TITLE + 1) }))).toEqual([
        { field: 'title', reason: 'must be at most 200 characters' },
      ]);
      expect(validateCreate(createReq({ title: '' }))).toEqual([{ field: 'title', reason: 'must not be empty' }]);
      expect(fields(validateCreate(createReq({ title: ' \u3000 ' })))).toEqual(['title']);
    });

    it('body is 1 to 10000 characters', () => {
      expect(validateCreate(createReq({ body: 'x'.repeat(MAX_BODY) }))).toEqual([]);
      expect(validateCreate(createReq({ body: 'x'.repeat(MAX_BODY + 1) }))).toEqual([
        { field: 'body', reason: 'must be at most 10000 characters' },
      ]);
      expect(fields(validateCreate(createReq({ body: '' })))).toEqual(['body']);
    });

    it('createdBy must not be empty', () => {
      expect(fields(validateCreate(createReq({ createdBy: '' })))).toEqual(['createdBy']);
      expect(fields(validateCreate(createReq({ createdBy: '   ' })))).toEqual(['createdBy']);
    });

    it('publishAt must be a timestamp', () => {
      expect(fields(validateCreate(createReq({ publishAt: -1 })))).toEqual(['publishAt']);
      expect(fields(validateCreate(createReq({ publishAt: 1.5 })))).toEqual(['publishAt']);
    });
  });

  describe('sender', () => {
    it('a person sends under a non-empty name', () => {
      expect(fields(validateCreate(createReq({ sender: { name: '', type: 'HUMAN' } })))).toEqual(['sender.name']);
      expect(validateCreate(createReq({ sender: { name: 'コールセンター 佐藤', type: 'HUMAN' } }))).toEqual([]);
    });

    it('the system sends as SystemAdmin, and only as SystemAdmin', () => {
      expect(validateCreate(createReq({ sender: { name: 'SystemAdmin', type: 'SYSTEM' } }))).toEqual([]);
      expect(validateCreate(createReq({ sender: { name: 'batch', type: 'SYSTEM' } }))).toEqual([
        { field: 'sender.name', reason: 'must be SystemAdmin for a SYSTEM sender' },
      ]);
    });

    it('a person cannot pose as SystemAdmin', () => {
      expect(validateCreate(createReq({ sender: { name: 'SystemAdmin', type: 'HUMAN' } }))).toEqual([
        { field: 'sender.name', reason: 'SystemAdmin is reserved for SYSTEM senders' },
      ]);
    });
  });

  describe('contactId', () => {
    it.each(['C-0001', 'abc_DEF-123', 'x'.repeat(64)])('accepts %j', (contactId) => {
      expect(validateCreate(createReq({ contactId }))).toEqual([]);
    });

    it.each(['', 'x'.repeat(65), 'C 1', 'C/1', '連絡1', 'C.1'])('rejects %j', (contactId) => {
      expect(validateCreate(createReq({ contactId }))).toEqual([
        { field: 'contactId', reason: 'must be 1 to 64 letters, digits, _ or -' },
      ]);
    });

    it('may be absent (generated)', () => expect(validateCreate(createReq({ contactId: null }))).toEqual([]));
    it('exports the id pattern', () => expect(ID_PATTERN.test('A_b-9')).toBe(true));
  });

  it('reports every broken field at once', () => {
    const bad = createReq({
      contactId: '?',
      personalId: null,
      actionRequestType: null,
      title: '',
      linkUrl: 'http://x.jp',
      createdBy: '',
    });
    expect(fields(validateCreate(bad))).toEqual([
      'contactId',
      'personalId',
      'actionRequestType',
      'title',
      'linkUrl',
      'createdBy',
    ]);
  });
});

describe('policyNumberMissing', () => {
  const cases: [ContactKind, ActionRequestType | null, string | null, boolean][] = [
    ['ACTION_REQUEST', 'PAYMENT_ROUTE_DEFECT', null, true],
    ['ACTION_REQUEST', 'PAYMENT_ROUTE_DEFECT', '', true],
    ['ACTION_REQUEST', 'PAYMENT_ROUTE_DEFECT', '  ', true],
    ['ACTION_REQUEST', 'PAYMENT_ROUTE_DEFECT', 'S-1', false],
    ['ACTION_REQUEST', 'UNDERWRITING', null, true],
    ['ACTION_REQUEST', 'UNDERWRITING', 'S-1', false],
    ['ACTION_REQUEST', 'IDENTITY_VERIFICATION', null, false],
    ['ACTION_REQUEST', 'DOCUMENT_SUBMISSION', null, false],
    ['ACTION_REQUEST', 'OTHER', null, false],
    ['ACTION_REQUEST', null, null, false],
    ['NOTICE', null, null, false],
    ['NOTICE', 'UNDERWRITING', null, false],
  ];
  it.each(cases)('%s / %s / %j → %s', (kind, type, policy, missing) => {
    expect(policyNumberMissing(kind, type, policy)).toBe(missing);
  });
});

describe('validateUpdate', () => {
  const single: [string, Partial<UpdateContact>][] = [
    ['title', { title: '新しい件名' }],
    ['body', { body: '新しい本文' }],
    ['linkUrl', { linkUrl: 'https://example.jp/x' }],
    ['linkUrl (removed)', { linkUrl: '' }],
    ['publishAt', { publishAt: 0 }],
    ['policyNumber', { policyNumber: 'S-1' }],
    ['answerStatus', { answerStatus: 'ANSWERED' }],
    ['approvedBy', { approvedBy: '承認者 鈴木' }],
  ];
  it.each(single)('a change of %s alone is enough', (_n, over) => {
    expect(validateUpdate(updateReq(over))).toEqual([]);
  });

  it('an update must change something', () => {
    expect(validateUpdate(updateReq())).toEqual([
      {
        field: 'operation',
        reason: 'must change at least one of title, body, linkUrl, publishAt, policyNumber, answerStatus, approvedBy',
      },
    ]);
    expect(fields(validateUpdate(updateReq({ expectedVersion: 3 })))).toEqual(['operation']);
  });

  it('answerStatus may only become ANSWERED', () => {
    expect(validateUpdate(updateReq({ answerStatus: 'UNANSWERED' }))).toEqual([
      { field: 'answerStatus', reason: 'may only be set to ANSWERED' },
    ]);
    expect(fields(validateUpdate(updateReq({ answerStatus: 'NOT_APPLICABLE' })))).toEqual(['answerStatus']);
  });

  it('checks contactId, updatedBy, approvedBy, expectedVersion and the texts', () => {
    expect(fields(validateUpdate(updateReq({ title: 'x', contactId: 'bad id' })))).toEqual(['contactId']);
    expect(fields(validateUpdate(updateReq({ title: 'x', updatedBy: '' })))).toEqual(['updatedBy']);
    expect(fields(validateUpdate(updateReq({ approvedBy: ' ' })))).toEqual(['approvedBy']);
    expect(fields(validateUpdate(updateReq({ title: 'x', expectedVersion: 0 })))).toEqual(['expectedVersion']);
    expect(validateUpdate(updateReq({ title: 'x', expectedVersion: 1 }))).toEqual([]);
    expect(fields(validateUpdate(updateReq({ title: '' })))).toEqual(['title']);
    expect(fields(validateUpdate(updateReq({ body: 'b'.repeat(MAX_BODY + 1) })))).toEqual(['body']);
    expect(fields(validateUpdate(updateReq({ publishAt: -5 })))).toEqual(['publishAt']);
    expect(fields(validateUpdate(updateReq({ policyNumber: 'S-1 ' })))).toEqual(['policyNumber']);
  });

  it('a new link must be https', () => {
    expect(validateUpdate(updateReq({ linkUrl: 'http://example.jp/x' }))).toEqual([
      { field: 'linkUrl', reason: 'must be an absolute https URL' },
    ]);
  });
});

describe('validateDelete', () => {
  it('needs a contactId and deletedBy', () => {
    expect(validateDelete({ contactId: 'C-0001', deletedBy: 'op' })).toEqual([]);
    expect(fields(validateDelete({ contactId: '', deletedBy: '' }))).toEqual(['contactId', 'deletedBy']);
  });
});
