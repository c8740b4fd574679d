// Open items (お客さんが対応されていない情報): valid, not deleted, unanswered action
// requests of one person; the Mongo filter agrees with the rule on every case.
import { isOpenItem, openItemsFilter, openItemView } from '../../src/domain/open-items';
import type { ContactRecord } from '../../src/domain/types';
import { T0, T1, contact } from '../domain/fixtures';

const open = contact({ valid: true });

it.each<[string, ContactRecord, boolean]>([
  ['an approved unanswered action request', open, true],
  ['one not approved yet (無効)', contact({ valid: false }), false],
  ['one answered (回答済み)', contact({ valid: true, answerStatus: 'ANSWERED' }), false],
  ['one deleted', contact({ valid: true, deleted: true }), false],
  [
    'a notice',
    contact({ valid: true, kind: 'NOTICE', actionRequestType: null, answerStatus: 'NOT_APPLICABLE' }),
    false,
  ],
  ['a broadcast', contact({ valid: true, audience: 'ALL', personalId: null }), false],
])('%s → %s', (_what, c, expected) => {
  expect(isOpenItem(c)).toBe(expected);
  const filter = openItemsFilter('P-1000');
  const matches = Object.entries(filter).every(([k, v]) => (c as unknown as Record<string, unknown>)[k] === v);
  expect(matches).toBe(expected);
});

it('shows what an operator needs, and whether it is on My Page yet', () => {
  const v = openItemView({ ...open, publishAt: T1 }, T0);
  expect(v).toEqual({
    contactId: 'C-0001',
    accountId: 'A-2000',
    actionRequestType: 'IDENTITY_VERIFICATION',
    policyNumber: null,
    title: open.title,
    linkUrl: open.linkUrl,
    publishAt: T1,
    published: false,
    approvedAt: null,
    version: 1,
  });
  expect(openItemView(open, T1).published).toBe(true);
});
