// Guarantee: SIGTERM during a broadcast drains — the sends in flight finish and are recorded, the lease is given back, the process exits 0 within its bound — and a restarted worker completes the broadcast with every enabled account SENT once, nothing in doubt.
import { MailScenario, eventually } from '../../support/mail-fixture';
import { mailsPerAddress, seedBroadcast } from '../../support/mail-broadcast';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('bterm');
});
afterAll(async () => s.close());

test('SIGTERM mid-fan-out → drained, exit 0; restart → all SENT once', async () => {
  const { enabled, contact: c } = await seedBroadcast(s, 150);
  const env = { MAIL_RATE_PER_SEC: '30', MAIL_PAGE_SIZE: '20', MAIL_DRAIN_TIMEOUT_MS: '5000' };
  const first = await s.startWorker(env);
  await s.approve(c);
  await eventually('40 mails before the signal', async () => (await s.mails()).length >= 40, 30_000, 50);

  const t0 = Date.now();
  expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(first.logs().find((l) => l.event === 'dispatcher.stopped')).toMatchObject({ drained: true });
  expect((await s.deliveries(c.contactId)).filter((d) => d.status === 'SENDING')).toHaveLength(0);
  expect(await s.dispatch(c.contactId)).toMatchObject({ status: 'PENDING', leaseOwner: null });
  const before = (await s.mails()).length;
  expect(before).toBeLessThan(enabled.length);

  await s.startWorker(env);
  const d = await s.settled(c.contactId, 40_000);
  const perAddress = mailsPerAddress(await s.mails());
  for (const a of enabled) expect(perAddress.get(a.email)).toBe(1);
  expect(d.summary).toEqual({ SENT: enabled.length, SKIPPED_STOPPED: 150 - enabled.length });
});
