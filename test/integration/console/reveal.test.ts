// Guarantee: the customer view shows an account's open items and mail status with its e-mail and phone masked (the page never holds them); a reveal without the write token is refused and the field stays masked; with the token one field is shown, and the console logs that reveal (account and field) without the value — no console log line holds personal data, and every line's event is from the console's fixed list.
import { CONSOLE_LOG_EVENTS } from '@workers/console';
import { type Browser, screenshot, waitForText } from '../../support/browser';
import { ConsoleScenario, crm } from '../../support/console-fixture';

let s: ConsoleScenario;
let browser: Browser;
beforeAll(
  async () => ({ s, browser } = await ConsoleScenario.withBrowser('console-reveal', ['contact-worker', 'mail-worker'])),
);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

test('masked until revealed with the token; the reveal is logged without the value', async () => {
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
  expect(await page.content()).not.toContain(email);
  await screenshot(page, 'customer');

  const reveal = page.locator('button.reveal[data-account="AC-R1"][data-field="email"]');
  await reveal.click();
  expect(await waitForText(page.locator('.reveal-error'), /wrong or missing write token/)).toBeTruthy();
  expect(await emailCell.innerText()).toBe('••••••');

  await page.locator('#token').fill(s.token);
  await page.locator('#token').dispatchEvent('change');
  await reveal.click();
  expect(await waitForText(emailCell, /@/)).toBe(email);
  expect(await page.locator('.masked[data-field="phone"]').innerText()).toBe('••••••');

  const logs = s.consoleLogs();
  expect(logs.filter((l) => l.event === 'console.revealed')).toEqual([
    expect.objectContaining({ accountId: 'AC-R1', field: 'email' }),
  ]);
  expect(logs.filter((l) => l.event === 'console.denied')).toHaveLength(1);
  expect(s.consoleLines.filter((l) => l.includes(email) || l.includes('1234-5678') || l.includes('+8190'))).toEqual([]);
  expect(
    [...new Set(logs.map((l) => l.event))].filter((e) => !(CONSOLE_LOG_EVENTS as readonly unknown[]).includes(e)),
  ).toEqual([]);
  expect(browser.errors).toEqual([
    expect.stringMatching(/\/customer\?account=AC-R1: Failed to load resource: .* 401 \(Unauthorized\)$/),
  ]);
});
