// Guarantee: a permanent SMTP rejection (550) is recorded FAILED after one attempt and never retried; a transient one (451) is retried with backoff and recorded FAILED once the attempt cap is reached — nothing retries forever, and no address reaches a record or a log.
import { MailScenario } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('rejects');
});
afterAll(async () => s.close());

test('550 → FAILED, not retried; 451 → retried, FAILED after MAIL_MAX_ATTEMPTS', async () => {
  await s.seedAccounts([
    { accountId: 'A-550', personalId: 'P-550', email: s.address('reject') },
    { accountId: 'A-451', personalId: 'P-451', email: s.address('tempfail') },
  ]);
  const w = await s.startWorker({ MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_BASE_MS: '300', MAIL_RETRY_MAX_MS: '1000' });
  const rejected = await s.seedContact({ personalId: 'P-550' });
  const deferred = await s.seedContact({ personalId: 'P-451' });
  await s.approve(rejected);
  await s.approve(deferred);

  expect((await s.settled(rejected.contactId)).summary).toEqual({ FAILED: 1 });
  const r550 = await s.delivery(rejected.contactId, 'A-550');
  expect(r550).toMatchObject({ status: 'FAILED', attempts: 1 });
  expect(r550!.lastError).toMatch(/^550/);

  const started = Date.now();
  expect((await s.settled(deferred.contactId)).summary).toEqual({ FAILED: 1 });
  const r451 = await s.delivery(deferred.contactId, 'A-451');
  expect(r451).toMatchObject({ status: 'FAILED', attempts: 3 });
  expect(r451!.lastError).toMatch(/gave up after 3 attempts \(451/);
  expect(Date.now() - started).toBeLessThan(15_000);

  await new Promise((r) => setTimeout(r, 1500)); // a retry of the 550 would show by now
  expect((await s.delivery(rejected.contactId, 'A-550'))!.attempts).toBe(1);
  const logs = w.logs();
  expect(logs.filter((l) => l.event === 'mail.retry_scheduled' && l.contactId === deferred.contactId)).toHaveLength(2);
  expect(
    logs
      .filter((l) => l.event === 'mail.failed')
      .map((l) => l.accountId)
      .sort(),
  ).toEqual(['A-451', 'A-550']);
  expect(await s.mails()).toHaveLength(0);
  expect(JSON.stringify([r550, r451]) + w.lines.join('\n')).not.toContain(s.tag);
});
