// Guarantee: a broadcast (全体通知) mails each distinct address once, by the keyed e-mail hash, however many accounts share it and on whichever pages they come; the one record of an address names every account that shares it, and an address is mailed if any of its accounts allows mail.
import { mailsPerAddress } from '../../support/mail-broadcast';
import { MailScenario } from '../../support/mail-fixture';

let s: MailScenario;
beforeAll(async () => {
  s = await MailScenario.open('shared');
});
afterAll(async () => s.close());

test('20 accounts on 16 addresses, across pages of 4 → 15 mails, each record naming its accounts', async () => {
  const id = (i: number): string => `A-${String(i).padStart(2, '0')}`;
  const family = s.address('family');
  const mixed = s.address('mixed');
  const accounts = Array.from({ length: 20 }, (_, i) => ({
    accountId: id(i),
    personalId: `P-${i}`,
    email: s.address(`solo${i}`),
    mailDelivery: 'ENABLED' as 'ENABLED' | 'STOPPED',
  }));
  // One address shared by four accounts on three pages; another first met through a STOPPED account.
  for (const i of [1, 6, 7, 13]) accounts[i]!.email = family;
  Object.assign(accounts[2]!, { email: mixed, mailDelivery: 'STOPPED' });
  Object.assign(accounts[18]!, { email: mixed.toUpperCase() });
  // And one address whose only account stopped mail.
  accounts[9]!.mailDelivery = 'STOPPED';
  await s.seedAccounts(accounts);
  const c = await s.seedContact({ audience: 'ALL', personalId: null });
  await s.startWorker({ MAIL_PAGE_SIZE: '4' });
  await s.approve(c);

  const d = await s.settled(c.contactId);
  const perAddress = mailsPerAddress(await s.mails());
  expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
  expect(perAddress.size).toBe(15);
  // The mixed-case address went out through A-18, the account that allows mail (the hash ignores case).
  expect([...perAddress.keys()]).toEqual(expect.arrayContaining([family, expect.stringMatching(/^MIXED-/)]));
  expect(d.summary).toEqual({ SENT: 15, SKIPPED_STOPPED: 1 });

  expect(await s.delivery(c.contactId, 'A-01')).toMatchObject({
    status: 'SENT',
    accounts: ['A-01', 'A-06', 'A-07', 'A-13'],
  });
  expect(await s.delivery(c.contactId, 'A-18')).toMatchObject({ status: 'SENT', accounts: ['A-02', 'A-18'] });
  expect(await s.delivery(c.contactId, 'A-09')).toMatchObject({ status: 'SKIPPED_STOPPED', accounts: ['A-09'] });
  expect(await s.contact(c.contactId)).toMatchObject({
    mailSent: true,
    mailOutcome: { sent: 15, skipped: 1, failed: 0, inDoubt: 0 },
  });
});
