// Guarantee: e-mail addresses and phone numbers never reach a log line of the
// contact worker — not on success, not on rejection, not at debug level — and
// every line uses a log event from the fixed list.
import { LOG_EVENTS } from '@workers/runtime';
import { ContactScenario, createContact } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('pii', 1);
});
afterAll(async () => s.close());

const emails = ['ichiro.tanaka@example.jp', 'ichiro.other@example.jp', 'broken@@example.jp'];
const phones = ['090-3333-4444', '09033334444', '+819033334444', '045-555-6666'];

test("a scan of the worker log finds none of the test data's e-mail addresses or phone numbers", async () => {
  const w = await s.startWorker({ LOG_LEVEL: 'debug' });
  const base = { accountId: 'PII-1', personalId: 'P-PII', externalAuth: false, mailDelivery: 'ENABLED' };
  await s.sendAccount('pii-1', 'UpsertAccount', { ...base, email: emails[0], phone: phones[0] });
  await s.sendAccount('pii-2', 'UpdateAccountContact', {
    accountId: 'PII-1',
    personalId: 'P-PII',
    email: emails[1],
    phone: phones[3],
    mailDelivery: null,
    updatedBy: 'op',
  });
  await s.sendAccount('pii-3', 'UpsertAccount', { ...base, email: emails[2], phone: 'not a phone' });
  await s.sendAccount('pii-4', 'UpdateAccountContact', {
    accountId: 'PII-1',
    personalId: 'P-other',
    email: emails[0],
    phone: phones[1],
    mailDelivery: null,
    updatedBy: 'op',
  });
  await s.sendContact(
    'pii-5',
    'CreateContact',
    createContact({ contactId: 'PII-C', sender: { name: '田中 一郎', type: 'HUMAN' } }),
  );
  await s.accountReply('pii-4');
  await s.contactReply('pii-5');
  await w.stop('SIGTERM');

  const logs = w.logs();
  expect(logs.filter((l) => l.event === 'request.processed').map((l) => l.messageCode)).toEqual(
    expect.arrayContaining(['Success', 'ValidationFailed', 'PersonalIdMismatch']),
  );
  for (const l of logs) expect(LOG_EVENTS).toContain(l.event);
  const all = w.lines.join('\n') + w.stderr.join('');
  for (const secret of [...emails, ...phones, '33334444', 'ichiro', '田中']) expect(all).not.toContain(secret);
});
