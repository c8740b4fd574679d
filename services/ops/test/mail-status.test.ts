// A delivery record as an operator reads it: RETRY is DEFERRED with its next attempt,
// a skip says why in words, an error keeps its (already scrubbed) text, and the other
// accounts at the address are listed apart from the one mailed through.
import { deliveryRow } from '../src/mail-status';

const record = (over: Record<string, unknown> = {}) => ({
  _id: 'C-1|hash',
  contactId: 'C-1',
  audience: 'ALL',
  accountId: 'A-1',
  accounts: ['A-1', 'A-2'],
  status: 'SENT',
  attempts: 1,
  claim: 'k',
  nextAttemptAt: null,
  messageId: '<m@x>',
  smtpResponse: '250 OK',
  lastError: null,
  createdAt: 1,
  updatedAt: 2,
  sentAt: 2,
  ...over,
});

it('a sent mail: times, Message-ID, the other accounts at the address', () => {
  expect(deliveryRow(record())).toEqual({
    contactId: 'C-1',
    audience: 'ALL',
    accountId: 'A-1',
    sharedWith: ['A-2'],
    status: 'SENT',
    reason: null,
    attempts: 1,
    createdAt: 1,
    updatedAt: 2,
    sentAt: 2,
    nextAttemptAt: null,
    messageId: '<m@x>',
  });
});

it('RETRY is DEFERRED until nextAttemptAt, with the last error', () => {
  expect(
    deliveryRow(record({ status: 'RETRY', nextAttemptAt: 9, lastError: '451: 4.2.1 Mailbox busy', sentAt: null })),
  ).toMatchObject({ status: 'DEFERRED', nextAttemptAt: 9, reason: '451: 4.2.1 Mailbox busy' });
});

it('a skip says why; FAILED and IN_DOUBT keep their error', () => {
  expect(deliveryRow(record({ status: 'SKIPPED_STOPPED', attempts: 0 }))).toMatchObject({
    reason: 'mail delivery stopped (配信停止)',
    attempts: 0,
  });
  expect(deliveryRow(record({ status: 'FAILED', lastError: '550: [address] unknown' }))).toMatchObject({
    reason: '550: [address] unknown',
  });
  expect(deliveryRow(record({ status: 'SKIPPED_NO_ACCOUNT', accountId: null, accounts: [] }))).toMatchObject({
    accountId: null,
    sharedWith: [],
  });
});

it('reads a record written before addresses were shared (no accounts, no audience)', () => {
  const { accounts: _a, audience: _b, ...old } = record();
  expect(deliveryRow(old)).toMatchObject({ accountId: 'A-1', sharedWith: [], audience: null });
});
