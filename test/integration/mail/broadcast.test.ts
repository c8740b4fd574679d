// Guarantee: a broadcast (全体通知, audience ALL) mails every account with mail delivery enabled exactly once, none of the STOPPED ones (recorded SKIPPED_STOPPED), at the configured bounded rate.
import { MailScenario } from '../../support/mail-fixture';
import { fanOutRate, mailsPerAddress, seedBroadcast } from '../../support/mail-broadcast';

const RATE = 100;
let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('broadcast');
});
afterAll(async () => s.close());

test('500 accounts, some STOPPED → one mail per enabled account, none to stopped ones, rate bounded', async () => {
  const { accounts, enabled, stopped, contact: c } = await seedBroadcast(s, 500, { linkUrl: null });
  await s.startWorker({ MAIL_RATE_PER_SEC: String(RATE), MAIL_PAGE_SIZE: '100' });
  await s.approve(c);

  const d = await s.settled(c.contactId, 50_000);
  const mails = await s.mails();
  const perAddress = mailsPerAddress(mails);
  expect(mails).toHaveLength(enabled.length);
  for (const a of enabled) expect(perAddress.get(a.email)).toBe(1);
  for (const a of stopped) expect(perAddress.has(a.email)).toBe(false);
  expect(d.summary).toEqual({ SENT: enabled.length, SKIPPED_STOPPED: stopped.length });
  expect(mails[0]!.text).toContain('https://mypage.example.jp/');

  const { perSec, seconds } = fanOutRate(mails);
  // Bounded: never faster than the rate (plus its small burst). How close to it the run
  // gets depends on the machine (the stack and the worker share two cores here).
  expect(perSec).toBeLessThanOrEqual(RATE * 1.15);
  process.stdout.write(
    `[mail-broadcast] ${accounts.length} accounts: ${mails.length} mailed once each, ${stopped.length} stopped skipped; ` +
      `fan-out ${perSec.toFixed(1)} mails/s over ${seconds.toFixed(1)} s (MAIL_RATE_PER_SEC=${RATE})\n`,
  );
});
