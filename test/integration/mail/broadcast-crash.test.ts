// Guarantee: a broadcast whose worker is SIGKILLed mid-fan-out resumes after a restart without mailing anyone twice; every enabled account ends SENT or IN_DOUBT, and only sends in flight at the kill can be in doubt.
import { MailScenario, eventually } from '../../support/mail-fixture';
import { fanOutRate, mailsPerAddress, seedBroadcast } from '../../support/mail-broadcast';
import { PrivateSmtpSink } from '../../support/private-smtp-sink';

const RATE = 100;
const SLOTS = 5;
let s: MailScenario;
// The kill resets SMTP connections mid-conversation: this scenario mails into a sink of its own.
let sink: PrivateSmtpSink;
beforeAll(async () => {
  s = await MailScenario.open('bcrash');
  sink = await PrivateSmtpSink.start();
});
afterAll(async () => {
  await s.close();
  await sink.close();
});

test('SIGKILL during the fan-out, restart → zero duplicates, everyone SENT or in doubt', async () => {
  const { enabled, stopped, contact: c } = await seedBroadcast(s, 500);
  const env = {
    MAIL_RATE_PER_SEC: String(RATE),
    SMTP_MAX_CONNECTIONS: String(SLOTS),
    MAIL_PAGE_SIZE: '50',
    SMTP_URL: sink.url,
  };
  const first = await s.startWorker(env);
  await s.approve(c);

  await eventually('150 mails before the kill', async () => sink.messages.length >= 150, 40_000, 50);
  first.child.kill('SIGKILL');
  await first.exited;
  // Writes the dead process had already put on the wire still land; let them, then count what
  // is claimed and not recorded: the sends that were in flight when the process died.
  await new Promise((r) => setTimeout(r, 1000));
  const atKill = sink.messages.length;
  const inFlightAtKill = (await s.deliveries(c.contactId)).filter((d) => d.status === 'SENDING').length;
  expect(inFlightAtKill).toBeLessThanOrEqual(SLOTS);

  const restartedAt = Date.now();
  await s.startWorker(env);
  const d = await s.settled(c.contactId, 50_000);
  await new Promise((r) => setTimeout(r, 1000)); // room for a late duplicate to show up, if any

  const mails = sink.messages;
  const perAddress = mailsPerAddress(mails);
  const duplicates = [...perAddress.values()].filter((n) => n > 1).length;
  expect(duplicates).toBe(0);
  for (const a of stopped) expect(perAddress.has(a.email)).toBe(false);

  const records = new Map((await s.deliveries(c.contactId)).map((r) => [r.accountId as string, r]));
  for (const a of enabled) expect(['SENT', 'IN_DOUBT']).toContain(records.get(a.accountId)?.status);
  const sent = enabled.filter((a) => records.get(a.accountId)?.status === 'SENT');
  for (const a of sent) expect(perAddress.get(a.email)).toBe(1);
  const inDoubt = enabled.length - sent.length;
  // Only those can become IN_DOUBT (not resent); everyone else is SENT.
  expect(inDoubt).toBeLessThanOrEqual(inFlightAtKill);
  expect(d.summary).toEqual({
    SENT: sent.length,
    SKIPPED_STOPPED: stopped.length,
    ...(inDoubt ? { IN_DOUBT: inDoubt } : {}),
  });

  const after = mails.filter((m) => Date.parse(m.receivedAt) >= restartedAt);
  const { perSec } = fanOutRate(after);
  process.stdout.write(
    `[mail-broadcast] crash: killed after ${atKill} mails with ${inFlightAtKill} in flight; after restart ${after.length} more at ${perSec.toFixed(1)} mails/s; ` +
      `duplicates ${duplicates}; SENT ${sent.length}, IN_DOUBT ${inDoubt} (of ${enabled.length} enabled)\n`,
  );
});
