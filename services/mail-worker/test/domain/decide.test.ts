import { checkContact, decideRecipient } from '../../src/domain/decide';
import { NOW, account, contact } from './fixtures';

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
    expect(checkContact(contact({ deleted: true, answerStatus: 'ANSWERED' }), NOW)).toEqual({ kind: 'skip', status: 'SKIPPED_DELETED' });
  });

  it('waits when publishAt is still ahead (it was moved after approval)', () => {
    expect(checkContact(contact({ publishAt: NOW + 5000 }), NOW)).toEqual({ kind: 'wait', until: NOW + 5000 });
  });

  it('goes when due, unanswered action requests included', () => {
    expect(checkContact(contact({ publishAt: NOW }), NOW)).toEqual({ kind: 'go' });
    expect(checkContact(contact({ kind: 'ACTION_REQUEST', answerStatus: 'UNANSWERED' }), NOW)).toEqual({ kind: 'go' });
  });
});

describe('decideRecipient', () => {
  it('sends to an enabled account of a live contact', () => {
    expect(decideRecipient(contact(), account('A-1'), NOW)).toEqual({ kind: 'send' });
  });

  it('skips a stopped account and a missing one', () => {
    expect(decideRecipient(contact(), account('A-1', { mailDelivery: 'STOPPED' }), NOW)).toEqual({ kind: 'skip', status: 'SKIPPED_STOPPED' });
    expect(decideRecipient(contact(), null, NOW)).toEqual({ kind: 'skip', status: 'SKIPPED_NO_ACCOUNT' });
  });

  it('reports the contact-level reason before the account-level one', () => {
    expect(decideRecipient(contact({ deleted: true }), account('A-1', { mailDelivery: 'STOPPED' }), NOW)).toEqual({ kind: 'skip', status: 'SKIPPED_DELETED' });
    expect(decideRecipient(null, null, NOW)).toEqual({ kind: 'skip', status: 'SKIPPED_NO_CONTACT' });
  });
});
