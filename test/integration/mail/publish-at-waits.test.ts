// Guarantee: a contact whose publishAt is ahead is mailed only once publishAt has passed, also when the worker is stopped (SIGTERM) or killed (SIGKILL) while it waits and started again.
import { MailScenario, eventually } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('publishat');
});
afterEach(async () => s.stopWorkers());
afterAll(async () => s.close());

test.each(['SIGTERM', 'SIGKILL'] as const)(
  'publishAt 5 s ahead, worker restarted (%s) while waiting → mail after publishAt',
  async (signal) => {
    const to = s.address(`wait-${signal}`);
    const accountId = `A-${signal}`;
    await s.seedAccounts([{ accountId, personalId: `P-${signal}`, email: to }]);
    const c = await s.seedContact({ personalId: `P-${signal}`, publishAt: Date.now() + 5000 });
    const first = await s.startWorker();
    await s.approve(c);
    await eventually('the dispatch', () => s.dispatch(c.contactId));
    const exit = await first.stop(signal);
    expect(signal === 'SIGKILL' ? exit.signal : exit.code).toBe(signal === 'SIGKILL' ? 'SIGKILL' : 0);
    expect(await s.mailsTo(to)).toHaveLength(0);

    await s.startWorker();
    await s.settled(c.contactId);
    const mails = await s.mailsTo(to);
    expect(mails).toHaveLength(1);
    expect(Date.parse(mails[0]!.receivedAt)).toBeGreaterThanOrEqual(c.publishAt);
    expect(await s.delivery(c.contactId, accountId)).toMatchObject({ status: 'SENT', attempts: 1 });
  },
);
