// Guarantee: through the whole product (contact worker → crm.contact.events → mail
// worker), only approval mails the customer, once: an update after approval sends
// nothing more, a contact deleted before approval or answered before it never
// mails, and a customer who stopped mail delivery (配信停止) gets none.
import { ContactScenario, createContact, updateContact } from '../../support/contact-fixture';
import { uniqueName } from '../../support/stack-env';
import { WorkerProcess } from '../../support/worker-process';
import { capturedMailFor } from '../../support/mail-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('e2e', 2);
  await s.startWorker();
  const mail = WorkerProcess.start('mail-worker', {
    ...s.env,
    CONSUMER_GROUP: uniqueName('mail-worker'),
    INSTANCE_ID: uniqueName('m'),
    MAIL_FROM: 'noreply@mypage.example.jp',
    MYPAGE_URL: 'https://mypage.example.jp/',
    MAIL_POLL_MS: '200',
  });
  s.workers.push(mail);
  await mail.waitForLog('worker.started');
});
afterAll(async () => s.close());

const tag = Date.now().toString(36);
const email = (n: string): string => `${n}-${tag}@example.test`;

test('approval mails once; update, delete, answered and opted-out never mail', async () => {
  for (const [n, delivery] of [
    ['taro', 'ENABLED'],
    ['hanako', 'ENABLED'],
    ['jiro', 'STOPPED'],
  ] as const) {
    await s.sendAccount(`e2e-acc-${n}`, 'UpsertAccount', {
      accountId: `AC-${n}`,
      personalId: `P-${n}`,
      email: email(n),
      phone: null,
      externalAuth: false,
      mailDelivery: delivery,
    });
  }
  const person = (n: string) => ({ personalId: `P-${n}`, accountId: `AC-${n}` });
  await s.sendContact(
    'e2e-c1',
    'CreateContact',
    createContact({ contactId: 'E-1', ...person('taro'), linkUrl: 'https://mypage.example.jp/e/1' }),
  );
  await s.sendContact('e2e-c1-approve', 'UpdateContact', updateContact('E-1', { approvedBy: 'manager' }));
  await s.sendContact('e2e-c1-edit', 'UpdateContact', updateContact('E-1', { title: '修正後の件名' }));
  await s.sendContact('e2e-c2', 'CreateContact', createContact({ contactId: 'E-2', ...person('hanako') }));
  await s.sendContact('e2e-c2-delete', 'DeleteContact', { contactId: 'E-2', deletedBy: 'operator' });
  await s.sendContact('e2e-c2-approve', 'UpdateContact', updateContact('E-2', { approvedBy: 'manager' }));
  await s.sendContact(
    'e2e-c3',
    'CreateContact',
    createContact({ contactId: 'E-3', ...person('hanako'), kind: 'ACTION_REQUEST', actionRequestType: 'OTHER' }),
  );
  await s.sendContact('e2e-c3-answer', 'UpdateContact', updateContact('E-3', { answerStatus: 'ANSWERED' }));
  await s.sendContact('e2e-c3-approve', 'UpdateContact', updateContact('E-3', { approvedBy: 'manager' }));
  await s.sendContact('e2e-c4', 'CreateContact', createContact({ contactId: 'E-4', ...person('jiro') }));
  await s.sendContact('e2e-c4-approve', 'UpdateContact', updateContact('E-4', { approvedBy: 'manager' }));
  expect(await s.contactReply('e2e-c2-approve')).toMatchObject({ messageCode: 'ContactDeleted' });
  expect(await s.contactReply('e2e-c3-approve')).toMatchObject({ messageCode: 'ContactAlreadyAnswered' });
  await s.contactReply('e2e-c4-approve');

  // The opted-out approval is settled last among the mailed ones: once it is, all are.
  const deadline = Date.now() + 30_000;
  while (
    Date.now() < deadline &&
    !(await s.db.collection('contacts').findOne({ _id: 'E-4' as never, mailSettledAt: { $ne: null } }))
  )
    await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 1000));
  const mails = await capturedMailFor([email('taro'), email('hanako'), email('jiro')]);
  expect(mails.map((m) => m.envelopeTo)).toEqual([[email('taro')]]);
  expect(mails[0]?.text).toContain('https://mypage.example.jp/e/1');
  expect(await s.db.collection('mail_deliveries').findOne({ contactId: 'E-4', accountId: 'AC-jiro' })).toMatchObject({
    status: 'SKIPPED_STOPPED',
  });
  expect(await s.db.collection('contacts').findOne({ _id: 'E-1' as never })).toMatchObject({
    mailSent: true,
    mailSentAt: expect.any(Number),
    mailOutcome: { sent: 1 },
  });
  expect(await s.db.collection('contacts').findOne({ _id: 'E-4' as never })).toMatchObject({
    mailSent: false,
    mailOutcome: { sent: 0, skipped: 1 },
  });
});
