// Guarantee: an answered request is followed end to end in the console's browser page, by its requestId and by its contactId — request and reply decoded from Avro with their offsets, times and latency, the approval event it produced and the mail that followed with its status — and personal data (address, phone, personal id, message text) in a decoded request stays masked; the browser is signed in.
import { type Browser, screenshot, waitForText } from '../../support/browser';
import { ConsoleScenario, crm } from '../../support/console-fixture';

let s: ConsoleScenario;
let browser: Browser;
beforeAll(
  async () => ({ s, browser } = await ConsoleScenario.withBrowser('console-trace', ['contact-worker', 'mail-worker'])),
);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

test('trace by requestId and by contactId: request, reply, event, mail; the address masked', async () => {
  const email = `taro.${Date.now()}@example.test`;
  const account = await s.ask(
    'crm.account.requests',
    crm('UpsertAccount', {
      accountId: 'AC-T1',
      personalId: 'P-T1',
      email,
      phone: '090-1234-5678',
      externalAuth: false,
      mailDelivery: 'ENABLED',
    }),
  );
  expect(account.code).toBe('Success');
  await s.ask(
    'crm.contact.requests',
    crm('CreateContact', {
      contactId: 'K-T1',
      audience: 'PERSON',
      personalId: 'P-T1',
      accountId: 'AC-T1',
      kind: 'ACTION_REQUEST',
      actionRequestType: 'IDENTITY_VERIFICATION',
      title: '本人確認書類のご提出のお願い',
      body: '本文',
      linkUrl: 'https://mypage.example.jp/identity',
      publishAt: new Date().toISOString(),
      sender: { name: 'SystemAdmin', type: 'SYSTEM' },
      createdBy: 'operator-1',
    }),
  );
  const approval = await s.ask(
    'crm.contact.requests',
    crm('UpdateContact', { contactId: 'K-T1', updatedBy: 'operator-1', approvedBy: 'manager-1' }),
  );
  expect(approval.code).toBe('Success');

  const page = await browser.page(`${s.url}/trace?q=${approval.requestId}`);
  const item = page.locator(`article.trace[data-request-id="${approval.requestId}"]`);
  expect(await waitForText(item.locator('.verdict'), /answered Success, reply \d+ ms after the request/)).toBeTruthy();
  expect(await item.locator('h2').innerText()).toContain('UpdateContact');
  const rows = item.locator('table.timeline tbody tr');
  // The event went out in the reply's transaction, but the console indexes each topic on its
  // own: on a loaded machine the reply can be shown a load of the page before the event.
  const eventsTopic = new RegExp(s.topic('crm.contact.events').replace(/\./g, '\\.'));
  await waitForText(item.locator('table.timeline'), eventsTopic, 30_000, page);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-role')))).toEqual([
    'request',
    'reply',
    'event',
  ]);
  expect(await rows.nth(0).innerText()).toContain(s.topic('crm.contact.requests'));
  expect(await rows.nth(2).innerText()).toContain(s.topic('crm.contact.events'));
  // The page refreshes itself until the mail worker has recorded the mail.
  expect(await waitForText(item.locator('table.mails'), /AC-T1\s+SENT\s+1/)).toBeTruthy();
  await item.locator('details[data-role="reply"] summary').click();
  expect(await item.locator('details[open] pre.json').innerText()).toContain('"messageCode": "Success"');
  await screenshot(page, 'trace');

  await page.goto(`${s.url}/trace?q=K-T1`);
  const items = page.locator('article.trace');
  await waitForText(page.locator('main'), /2 request\(s\) for “K-T1”/);
  expect(await items.evaluateAll((as) => as.map((a) => a.getAttribute('data-verdict')))).toEqual([
    'answered',
    'answered',
  ]);
  expect(await items.locator('h2 .muted').allInnerTexts()).toEqual(['CreateContact', 'UpdateContact']);
  // The contact's message text and the person's id are in the decoded request, masked.
  expect(await page.content()).not.toMatch(/本人確認書類のご提出のお願い|P-T1/);

  await page.goto(`${s.url}/trace?q=${account.requestId}`);
  await page.locator('article.trace details[data-role="request"] summary').click();
  const decoded = await page.locator('details[open] pre.json').innerText();
  expect(decoded).toContain('"email": "••••••"');
  expect(decoded).toContain('"phone": "••••••"');
  expect(await page.content()).not.toContain(email);
  expect(browser.errors).toEqual([]);
});
