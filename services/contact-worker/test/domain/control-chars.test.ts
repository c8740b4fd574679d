// Every text of a contact or account request that can reach a mail or the console refuses
// control characters with a ValidationFailed detail naming the field (issue 30 point 6);
// only the body keeps LF and TAB. linkUrl is checked raw: the URL parser drops CR/LF/TAB.
import { isHttpsUrl } from '../../src/domain/contact-validate';
import { validateCreate } from '../../src/operations/create-contact';
import { validateDelete } from '../../src/operations/delete-contact';
import { validateUpdateContact } from '../../src/operations/update-account-contact';
import { validateUpdate } from '../../src/operations/update-contact';
import { createReq, updateAccountReq, updateReq } from './fixtures';

const fields = (d: { field: string }[]) => d.map((x) => x.field);
const BAD = ['\r', '\n', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'];

describe.each(BAD.map((c) => [JSON.stringify(c), c]))('a control character %s', (_shown, c) => {
  test('is refused in each single-line text of a create, naming the field', () => {
    const req = createReq({
      kind: 'ACTION_REQUEST',
      actionRequestType: 'UNDERWRITING',
      policyNumber: `PN${c}1`,
      title: `お知らせ${c}Bcc: x@example.jp`,
      sender: { name: `山田${c}太郎`, type: 'HUMAN' },
      createdBy: `op${c}01`,
    });
    expect(fields(validateCreate(req)).sort()).toEqual(['createdBy', 'policyNumber', 'sender.name', 'title']);
  });

  test('is refused in linkUrl, although the URL parser would accept the link', () => {
    const link = `https://mypage.example.jp/a${c}b`;
    expect(validateCreate(createReq({ linkUrl: link }))).toEqual([
      { field: 'linkUrl', reason: expect.stringMatching(/^must not contain control characters/) },
    ]);
    expect(isHttpsUrl(link)).toBe(false);
  });

  test('is refused in updatedBy, approvedBy, deletedBy and the account updatedBy', () => {
    expect(
      fields(validateUpdate(updateReq({ title: `t${c}`, updatedBy: `o${c}p`, approvedBy: `a${c}p` }))).sort(),
    ).toEqual(['approvedBy', 'title', 'updatedBy']);
    expect(fields(validateDelete({ contactId: 'C-1', deletedBy: `o${c}p` }))).toEqual(['deletedBy']);
    expect(fields(validateUpdateContact(updateAccountReq({ updatedBy: `o${c}p` })))).toEqual(['updatedBy']);
  });
});

describe('the body: multi-line text on My Page and in the mail', () => {
  test('keeps its line feeds and tabs', () => {
    expect(validateCreate(createReq({ body: '一行目\n\t二行目\n三行目' }))).toEqual([]);
    expect(validateUpdate(updateReq({ body: 'a\nb' }))).toEqual([]);
  });

  test.each(['\r', '\u0000', '\u001b', '\u0085', '\u2028'].map((c) => [JSON.stringify(c), c]))(
    'refuses %s',
    (_shown, c) => {
      expect(fields(validateCreate(createReq({ body: `a${c}b` })))).toEqual(['body']);
      expect(fields(validateUpdate(updateReq({ body: `a${c}b` })))).toEqual(['body']);
    },
  );
});

test('the detail names the code point, never the text', () => {
  const [detail] = validateCreate(createReq({ title: 'secret\ntitle' }));
  expect(detail).toEqual({
    field: 'title',
    reason: 'must not contain control characters or line breaks (found U+000A)',
  });
});
