// Guarantee: no mail goes to an account whose mail delivery is STOPPED (配信停止; recorded SKIPPED_STOPPED, and the contact's mail-sent flag stays false beside its outcome counts), and a contact whose person has no account is recorded SKIPPED_NO_ACCOUNT.
import { MailScenario } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('optout');
  await s.startWorker();
});
afterAll(async () => s.close());

test('STOPPED account → no mail, SKIPPED_STOPPED', async () => {
  await s.seedAccounts([{ accountId: 'A-1', personalId: 'P-1', email: s.address('stopped'), mailDelivery: 'STOPPED' }]);
  const c = await s.seedContact({ personalId: 'P-1', accountId: 'A-1' });
  await s.approve(c);
  const d = await s.settled(c.contactId);
  expect(d.summary).toEqual({ SKIPPED_STOPPED: 1 });
  expect(await s.delivery(c.contactId, 'A-1')).toMatchObject({ status: 'SKIPPED_STOPPED', attempts: 0 });
  expect(await s.mailsTo(s.address('stopped'))).toHaveLength(0);
  // Settled, yet nothing was sent: the flag says "a mail was sent", the counts beside it say what happened.
  expect(await s.contact(c.contactId)).toMatchObject({
    mailSent: false,
    mailSentAt: null,
    mailOutcome: { sent: 0, skipped: 1, failed: 0, inDoubt: 0 },
    mailSettledAt: expect.any(Number),
  });
});

test('no account for the person → SKIPPED_NO_ACCOUNT', async () => {
  const c = await s.seedContact({ personalId: 'P-without-account' });
  await s.approve(c);
  const d = await s.settled(c.contactId);
  expect(d.summary).toEqual({ SKIPPED_NO_ACCOUNT: 1 });
  expect(await s.delivery(c.contactId, null)).toMatchObject({ status: 'SKIPPED_NO_ACCOUNT', accountId: null });
  expect(await s.mails()).toHaveLength(0);
});
