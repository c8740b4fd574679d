// Guarantee: the mail worker takes the audience and the recipients from the stored, approved contact, never from the event: an event claiming `audience: ALL` (or another person, or a far publishAt) for a PERSON contact mails that contact's person only, now; an early or forged event for a contact not yet approved mails nobody and does not suppress the mail of the real approval.
import { randomUUID } from 'node:crypto';
import { MailScenario, eventually, type ContactDoc } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('stored');
  await s.seedAccounts(
    ['1', '2', '3'].map((n) => ({ accountId: `A-${n}`, personalId: `P-${n}`, email: s.address(`p${n}`) })),
  );
  await s.startWorker();
});
afterAll(async () => s.close());

/** A ContactApproved event as someone other than the contact worker might write it. */
async function forge(c: ContactDoc, event: Partial<ContactDoc>): Promise<void> {
  await s.producer.send(c.contactId, {
    eventId: `forged-${randomUUID()}`,
    occurredAt: Date.now(),
    event: {
      contactId: c.contactId,
      audience: c.audience,
      personalId: c.personalId,
      accountId: c.accountId,
      kind: c.kind,
      title: 'x',
      linkUrl: null,
      publishAt: c.publishAt,
      approvedBy: 'nobody',
      approvedAt: Date.now(),
      ...event,
    },
  });
}

test('an event claiming ALL, another person and a far publishAt for a PERSON contact mails that person only, now', async () => {
  const c = await s.seedContact({ personalId: 'P-1' });
  await forge(c, { audience: 'ALL', personalId: 'P-2', accountId: 'A-3', publishAt: Date.now() + 86_400_000 });
  const d = await s.settled(c.contactId);
  expect(d).toMatchObject({ audience: 'PERSON', summary: { SENT: 1 } });
  expect((await s.mails()).map((m) => m.envelopeTo)).toEqual([[s.address('p1')]]);
});

test("an early event for a contact not yet approved mails nobody; the real approval's event still mails", async () => {
  const c = await s.seedContact({ personalId: 'P-2', valid: false, approvedBy: null, approvedAt: null });
  await forge(c, {});
  const early = await eventually("the early event's dispatch closed", async () => {
    const d = await s.dispatch(c.contactId);
    return d?.status === 'DONE' ? d : null;
  });
  expect(early).toMatchObject({ halted: 'SKIPPED_NOT_APPROVED', approvedAt: null, summary: {} });
  expect(await s.deliveries(c.contactId)).toEqual([]);
  expect(await s.mailsTo(s.address('p2'))).toHaveLength(0);

  // The contact worker approves it and publishes the real event.
  const approvedAt = Date.now();
  await s.updateContact(c.contactId, { valid: true, approvedBy: 'approver-2', approvedAt });
  await s.approve({ ...c, approvedBy: 'approver-2', approvedAt });
  const d = await eventually('the real approval settled', async () => {
    const x = await s.dispatch(c.contactId);
    return x?.status === 'DONE' && x.approvedAt !== null ? x : null;
  });
  expect(d).toMatchObject({ approvedAt, summary: { SENT: 1 } });
  expect(await s.mailsTo(s.address('p2'))).toHaveLength(1);
  expect(await s.contact(c.contactId)).toMatchObject({ mailSent: true, mailOutcome: { sent: 1 } });
});
