// Guarantee: approving a PERSON contact sends exactly one mail to the customer's address, with the kind's subject and the contact's link and no contract details, records it SENT and sets the contact's mail-sent flag and time; a repeated approval sends nothing more; logs and metrics use the fixed names and carry ids only.
import { MAIL_WORKER_LOG_EVENTS, MAIL_WORKER_METRIC_NAMES } from '../../../services/mail-worker/src/names';
import { MailScenario } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('person');
});
afterAll(async () => s.close());

test('approval → one mail, SENT, mailSent with time', async () => {
  const to = s.address('hanako');
  await s.seedAccounts([
    { accountId: 'A-1', personalId: 'P-1', email: to },
    { accountId: 'B-1', personalId: 'P-2', email: s.address('other') },
  ]);
  const c = await s.seedContact({
    personalId: 'P-1',
    kind: 'ACTION_REQUEST',
    answerStatus: 'UNANSWERED',
    linkUrl: 'https://mypage.example.jp/identity/upload?c=1&t=2',
  });
  const w = await s.startWorker();
  const eventId = await s.approve(c);

  const d = await s.settled(c.contactId);
  const mails = await s.mails();
  expect(mails).toHaveLength(1);
  const [m] = mails;
  expect(m!.envelopeTo).toEqual([to]);
  expect(m!.subject).toBe('【マイページ】ご対応をお願いする事項があります');
  expect(m!.text).toContain('https://mypage.example.jp/identity/upload?c=1&t=2');
  expect(m!.html).toContain('href="https://mypage.example.jp/identity/upload?c=1&amp;t=2"');
  for (const secret of ['PN-0012345', c.title, c.body]) {
    expect(`${m!.subject}${m!.text}${m!.html}`).not.toContain(secret);
  }

  const rec = await s.delivery(c.contactId, 'A-1');
  expect(rec).toMatchObject({ status: 'SENT', attempts: 1, contactId: c.contactId, accountId: 'A-1' });
  expect(rec!.smtpResponse).toMatch(/^250/);
  expect(m!.messageId).toBe(rec!.messageId);
  expect(d).toMatchObject({ status: 'DONE', summary: { SENT: 1 }, eventId });
  const contact = await s.contact(c.contactId);
  expect(contact).toMatchObject({
    mailSent: true,
    mailOutcome: { sent: 1, skipped: 0, failed: 0, inDoubt: 0 },
    _rev: 3,
  });
  expect(contact!.mailSentAt).toBeGreaterThanOrEqual(rec!.sentAt);

  // The same event again (a redelivery or a re-sent approval) changes nothing.
  await s.approve(c, eventId);
  await s.approve(c);
  await new Promise((r) => setTimeout(r, 2000));
  expect(await s.mails()).toHaveLength(1);

  const port = Number((await w.waitForLog('worker.started')).metricsPort);
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const emitted = [...metrics.matchAll(/^# TYPE (\S+)/gm)]
    .map((x) => x[1]!)
    .filter((n) => !n.startsWith('worker_process_'));
  for (const n of emitted) expect(MAIL_WORKER_METRIC_NAMES).toContain(n);
  expect(metrics).toMatch(/mail_deliveries_total\{[^}]*status="SENT"[^}]*\} 1/);
  expect(metrics).toMatch(/mail_dispatches_pending\{[^}]*\} 0/);
  expect(metrics).toMatch(/mail_smtp_available\{[^}]*\} 1/);

  expect(await w.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  const lines = w.logs();
  for (const l of lines) expect(MAIL_WORKER_LOG_EVENTS).toContain(l.event);
  expect(lines.find((l) => l.event === 'mail.sent')).toMatchObject({
    contactId: c.contactId,
    accountId: 'A-1',
    status: 'SENT',
  });
  expect(w.lines.join('\n') + w.stderr.join('')).not.toContain(s.tag);
});
