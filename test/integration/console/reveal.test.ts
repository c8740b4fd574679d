// Guarantee: the customer view shows an account's open items and mail status with its personal id, e-mail, phone, policy number and message title masked (the page never holds them); a reveal without signing in, or with a wrong token, is refused; the signed-in operator reveals one field, and the console logs that reveal (operator, account and field) without the value — no console log line holds personal data, and every line's event is from the console's fixed list.
import { CONSOLE_LOG_EVENTS } from '@workers/console';
import { type Browser, screenshot, waitForText } from '../../support/browser';
import { ConsoleScenario, crm, OPERATOR } from '../../support/console-fixture';

let s: ConsoleScenario;
let browser: Browser;
beforeAll(
  async () => ({ s, browser } = await ConsoleScenario.withBrowser('console-reveal', ['contact-worker', 'mail-worker'])),
);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

test('masked until the signed-in operator reveals; the reveal is logged with the name, without the value', async () => {
  const email = `hanako.${Date.now()}@example.test`;
  await s.ask(
    'crm.account.requests',
    crm('UpsertAccount', {
      accountId: 'AC-R1',
      personalId: 'P-R1',
      email,
      phone: '090-1234-5678',
      externalAuth: false,
      mailDelivery: 'ENABLED',
    }),
  );
  await s.ask(
    'crm.contact.requests',
    crm('CreateContact', {
      contactId: 'K-R1',
      audience: 'PERSON',
      personalId: 'P-R1',
      accountId: 'AC-R1',
      kind: 'ACTION_REQUEST',
      actionRequestType: 'DOCUMENT_SUBMISSION',
      policyNumber: 'PN-0042-R1',
      title: '書類のご提出のお願い',
      body: '本文',
      publishAt: new Date().toISOString(),
      sender: { name: 'SystemAdmin', type: 'SYSTEM' },
      createdBy: 'operator-1',
    }),
  );
  await s.ask(
    'crm.contact.requests',
    crm('UpdateContact', { contactId: 'K-R1', updatedBy: 'operator-1', approvedBy: 'manager-1' }),
  );
  const deadline = Date.now() + 30_000;
  while (
    !(await s.db.collection('mail_deliveries').findOne({ contactId: 'K-R1', status: 'SENT' })) &&
    Date.now() < deadline
  )
    await new Promise((r) => setTimeout(r, 200));

  const page = await browser.page(`${s.url}/customer?account=AC-R1`);
  const emailCell = page.locator('.masked[data-account="AC-R1"][data-field="email"]');
  expect(await emailCell.innerText()).toBe('••••••');
  expect(await page.locator('.masked[data-field="phone"]').innerText()).toBe('••••••');
  expect(await page.locator('table.open-items').innerText()).toMatch(/K-R1\s+DOCUMENT_SUBMISSION/);
  expect(await page.locator('table.mails').innerText()).toMatch(/K-R1\s+AC-R1\s+SENT\s+1/);
  const content = await page.content();
  for (const clear of [email, 'P-R1', 'PN-0042-R1', '書類のご提出のお願い']) expect(content).not.toContain(clear);
  await screenshot(page, 'customer');

  const body = JSON.stringify({ accountId: 'AC-R1', field: 'email' });
  const headers = { 'content-type': 'application/json' };
  expect((await fetch(`${s.url}/api/reveal`, { method: 'POST', headers, body })).status).toBe(401);
  const wrong = await fetch(`${s.url}/api/reveal`, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${'0'.repeat(64)}`, 'x-operator': 'Mallory' },
    body,
  });
  expect(wrong.status).toBe(401);
  expect(await wrong.text()).not.toContain(email);

  const reveal = page.locator('button.reveal[data-account="AC-R1"][data-field="email"]');
  await reveal.click();
  expect(await waitForText(emailCell, /@/)).toBe(email);
  expect(await page.locator('.masked[data-field="phone"]').innerText()).toBe('••••••');

  const logs = s.consoleLogs();
  expect(logs.filter((l) => l.event === 'console.revealed')).toEqual([
    expect.objectContaining({ operator: OPERATOR, accountId: 'AC-R1', field: 'email' }),
  ]);
  expect(logs.filter((l) => l.event === 'console.denied')).toHaveLength(1);
  expect(s.consoleLines.filter((l) => l.includes(email) || l.includes('1234-5678') || l.includes('+8190'))).toEqual([]);
  expect(
    [...new Set(logs.map((l) => l.event))].filter((e) => !(CONSOLE_LOG_EVENTS as readonly unknown[]).includes(e)),
  ).toEqual([]);
  expect(browser.errors).toEqual([]);
});
