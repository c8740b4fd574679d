// Guarantee: while the SMTP server is down no mail is lost and readiness is false; once it is back every pending mail arrives, none twice.
import { controlComponent } from '../../support/stack-env';
import { MailScenario, eventually } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('smtpdown');
});
let sinkStopped = false;
afterAll(async () => {
  // The sink is shared: never leave it down. Only when this test stopped it: starting a
  // running sink would orphan its listener (the stack's start is not idempotent).
  if (sinkStopped) await controlComponent('smtp', 'start');
  await s.close();
});

const readyz = async (port: number): Promise<number> => (await fetch(`http://127.0.0.1:${port}/readyz`)).status;

test('SMTP sink down for a few seconds → mails arrive after it is back, once each', async () => {
  const people = Array.from({ length: 5 }, (_, i) => ({
    accountId: `A-${i}`,
    personalId: `P-${i}`,
    email: s.address(`outage${i}`),
  }));
  await s.seedAccounts(people);
  const w = await s.startWorker();
  const port = Number((await w.waitForLog('worker.started')).metricsPort);
  await eventually('ready', async () => (await readyz(port)) === 200);

  await controlComponent('smtp', 'stop');
  sinkStopped = true;
  const contacts = [];
  for (const p of people) {
    const c = await s.seedContact({ personalId: p.personalId });
    contacts.push(c);
    await s.approve(c);
  }
  await w.waitForLog('smtp.unavailable', 20_000);
  await eventually('readiness false', async () => (await readyz(port)) === 503, 10_000);
  await new Promise((r) => setTimeout(r, 3000));
  expect(await s.mails()).toHaveLength(0);
  // An outage costs a recipient at most the attempt that found it; nothing is given up.
  for (const c of contacts) {
    const d = await s.delivery(c.contactId, people[contacts.indexOf(c)]!.accountId);
    expect(d === null || (d.status === 'RETRY' && d.attempts === 1)).toBe(true);
  }

  await controlComponent('smtp', 'start');
  sinkStopped = false;
  for (const c of contacts) await s.settled(c.contactId, 30_000);
  await w.waitForLog('smtp.recovered');
  await new Promise((r) => setTimeout(r, 1000));
  for (const [i, p] of people.entries()) {
    expect(await s.mailsTo(p.email)).toHaveLength(1);
    expect(await s.delivery(contacts[i]!.contactId, p.accountId)).toMatchObject({ status: 'SENT' });
  }
  expect(await readyz(port)).toBe(200);
});
