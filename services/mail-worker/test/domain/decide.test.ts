import { checkContact, contactSkip } from '../../src/stages/check';
import { NOW, contact } from './fixtures';

describe('checkContact', () => {
  it.each([
    ['missing', null, 'SKIPPED_NO_CONTACT'],
    ['deleted', contact({ deleted: true }), 'SKIPPED_DELETED'],
    ['answered', contact({ kind: 'ACTION_REQUEST', answerStatus: 'ANSWERED' }), 'SKIPPED_ANSWERED'],
    ['not approved', contact({ valid: false }), 'SKIPPED_NOT_APPROVED'],
  ])('%s → skip %s', (_what, c, status) => {
    expect(checkContact(c, NOW)).toEqual({ kind: 'skip', status });
  });

  it('deleted wins over answered (the stronger reason is recorded)', () => {
    expect(checkContact(contact({ deleted: true, answerStatus: 'ANSWERED' }), NOW)).toEqual({
      kind: 'skip',
      status: 'SKIPPED_DELETED',
    });
  });

  it('waits when publishAt is still ahead (it was moved after approval)', () => {
    expect(checkContact(contact({ publishAt: NOW + 5000 }), NOW)).toEqual({ kind: 'wait', until: NOW + 5000 });
  });

  it('goes when due, unanswered action requests included', () => {
    expect(checkContact(contact({ publishAt: NOW }), NOW)).toEqual({ kind: 'go' });
    expect(checkContact(contact({ kind: 'ACTION_REQUEST', answerStatus: 'UNANSWERED' }), NOW)).toEqual({ kind: 'go' });
  });
});

describe('contactSkip', () => {
  it('is the skip reason, or null when the contact may be mailed now or later', () => {
    expect(contactSkip(contact({ deleted: true }), NOW)).toBe('SKIPPED_DELETED');
    expect(contactSkip(null, NOW)).toBe('SKIPPED_NO_CONTACT');
    expect(contactSkip(contact(), NOW)).toBeNull();
    expect(contactSkip(contact({ publishAt: NOW + 1 }), NOW)).toBeNull();
  });
});
