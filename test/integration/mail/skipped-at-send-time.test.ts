// Guarantee: what counts is the contact at send time — an ANSWERED contact gets no mail (SKIPPED_ANSWERED), and a contact deleted between approval and publishAt gets no mail (SKIPPED_DELETED).
import { MailScenario, eventually } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('skipped');
  await s.seedAccounts([
    { accountId: 'A-1', personalId: 'P-1', email: s.address('answered') },
    { accountId: 'A-2', personalId: 'P-2', email: s.address('deleted') },
  ]);
  await s.startWorker();
});
afterAll(async () => s.close());

test('answered at send time → no mail, SKIPPED_ANSWERED', async () => {
  // Approved, then settled by phone (回答済み) before the mail went out.
  const c = await s.seedContact({ personalId: 'P-1', kind: 'ACTION_REQUEST', answerStatus: 'ANSWERED' });
  await s.approve(c);
  const d = await s.settled(c.contactId);
  expect(d.summary).toEqual({ SKIPPED_ANSWERED: 1 });
  expect(await s.delivery(c.contactId, 'A-1')).toMatchObject({ status: 'SKIPPED_ANSWERED', attempts: 0 });
  expect(await s.mailsTo(s.address('answered'))).toHaveLength(0);
});

test('deleted between approval and publishAt → no mail, SKIPPED_DELETED', async () => {
  const c = await s.seedContact({ personalId: 'P-2', publishAt: Date.now() + 4000 });
  await s.approve(c);
  // The dispatch exists as soon as the event arrives, but only its first run defers it to publishAt:
  // deleting before that run would test the run's check, not the one at send time.
  await eventually('the dispatch deferred to publishAt', async () => {
    const d = await s.dispatch(c.contactId);
    return d && d.dueAt >= c.publishAt && d.leaseOwner === null ? d : null;
  });
  await s.updateContact(c.contactId, { deleted: true, deletedBy: 'operator-1', deletedAt: Date.now() });
  const d = await s.settled(c.contactId);
  expect(Date.now()).toBeGreaterThanOrEqual(c.publishAt);
  expect(d.summary).toEqual({ SKIPPED_DELETED: 1 });
  expect(await s.delivery(c.contactId, 'A-2')).toMatchObject({ status: 'SKIPPED_DELETED' });
  expect(await s.mailsTo(s.address('deleted'))).toHaveLength(0);
});
