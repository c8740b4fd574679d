// Guarantee: a request in the dead-letter queue is traced as such, and the Dead letters page lists it (origin, error, time, its value decoded and masked, its card number too) beside bytes that never decode; replaying it needs a signed-in operator and a confirmation, sends it back to its origin, is logged with the operator's name, and its trace then shows the reply.
// The replayable entry is written to the .dlq as an earlier worker would have dead-lettered a valid request (its schema id not yet known); the other is real: garbage the running card worker dead-letters.
import { DLQ_HEADERS } from '@workers/runtime';
import { fromJson, loadOpsConfig, valueCodec } from '@workers/ops';
import { type Browser, screenshot, waitForText } from '../../support/browser';
import { ConsoleScenario, OPERATOR } from '../../support/console-fixture';
import { kafkaClient } from '../../support/kafka-client';

let s: ConsoleScenario;
let browser: Browser;
beforeAll(async () => ({ s, browser } = await ConsoleScenario.withBrowser('console-dlq', ['card-worker'])));
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function deadLetterValidRequest(requestId: string, cardNumber: string): Promise<void> {
  const codec = valueCodec(loadOpsConfig(['registry'], process.env));
  const { id, type } = await codec.latest(`${s.topic('alcs.card.requests')}-value`);
  const value = await codec.encode(
    id,
    fromJson(type, {
      requestId,
      sentAt: Date.now(),
      source: 'ALCS',
      operation: {
        RegisterCard: {
          cardNumber,
          identity: { posNumber: '12', siteId: 'SITE-1' },
          loyaltyCard: {
            cardNumber,
            phoneNumber: '+48600100200',
            gender: 'F',
            cardPinHmac: 'ab'.repeat(32),
            wallets: [],
          },
        },
      },
    }),
  );
  const producer = kafkaClient().producer();
  await producer.connect();
  await producer.send({
    topic: s.topic('alcs.card.requests.dlq'),
    messages: [
      {
        key: cardNumber,
        value,
        partition: 1,
        headers: {
          [DLQ_HEADERS.error]: 'cannot decode: Schema 9999 not found',
          [DLQ_HEADERS.originTopic]: s.topic('alcs.card.requests'),
          [DLQ_HEADERS.originPartition]: '1',
          [DLQ_HEADERS.originOffset]: '0',
          [DLQ_HEADERS.failedAt]: new Date().toISOString(),
        },
      },
    ],
  });
  await producer.send({
    topic: s.topic('alcs.card.requests'),
    messages: [{ key: 'k-garbage', value: Buffer.from('not avro') }],
  });
  await producer.disconnect();
}

test('trace says DLQ; replay refused without signing in, done by the signed-in operator; the reply appears', async () => {
  const requestId = `dlq-${Date.now()}`;
  const card = `99${Date.now()}`.slice(0, 16);
  await deadLetterValidRequest(requestId, card);

  const page = await browser.page(`${s.url}/trace?q=${requestId}`);
  const item = page.locator(`article.trace[data-request-id="${requestId}"]`);
  expect(
    await waitForText(item.locator('.verdict'), /in the DLQ since .+: cannot decode: Schema 9999 not found/),
  ).toBeTruthy();

  await page.goto(`${s.url}/dlq`);
  const section = page.locator(`section[data-dlq-topic="${s.topic('alcs.card.requests.dlq')}"]`);
  // The card worker dead-letters the garbage while the page loads: look until the console's index has it.
  await waitForText(section.locator('h2'), /2 entries/, 30_000, page);
  const valid = section.locator('tr[data-entry="1:0"]');
  expect(await valid.innerText()).toContain(`${s.topic('alcs.card.requests')} 1:0`);
  await valid.locator('details summary').click();
  const decoded = await valid.locator('pre.json').innerText();
  expect(decoded).toContain(`"requestId": "${requestId}"`);
  expect(decoded).toContain('"phoneNumber": "••••••"');
  expect(decoded).toContain('"cardNumber": "••••••"');
  expect(decoded).not.toContain('+48600100200');
  // The key is the card number: shown masked, linked by the entry's position.
  expect(await valid.locator('a[href^="/trace"]').innerText()).toBe('••••••');
  expect(await page.content()).not.toContain(card);
  expect(await section.locator('tr', { hasText: 'k-garbage' }).innerText()).toMatch(/does not decode \(8 bytes\)/);

  await valid.locator('input[name="entry"]').check();
  await section.locator('button[data-replay]').click();
  const dialog = page.locator('dialog#confirm-replay');
  expect(await dialog.locator('#replay-list').innerText()).toContain(s.topic('alcs.card.requests.dlq'));
  await screenshot(page, 'dlq');
  // Without signing in (no cookie, no token) the same request is refused and nothing is sent.
  const anonymous = await fetch(`${s.url}/api/dlq/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: s.topic('alcs.card.requests.dlq'), entries: ['1:0'] }),
  });
  expect(anonymous.status).toBe(401);
  await dialog.locator('#replay-confirm').click();
  expect(await waitForText(page.locator('p.done'), /Replayed .+\.dlq:1:0 → .+alcs\.card\.requests 1:\d+/)).toBeTruthy();

  await page.goto(`${s.url}/trace?q=${requestId}`);
  expect(await waitForText(item.locator('.verdict'), /answered Success/)).toBeTruthy();
  expect(
    await item.locator('table.timeline tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-role'))),
  ).toEqual(['dead letter', 'request', 'reply']);
  expect(await item.locator('table.timeline').innerText()).toContain(
    `dlq-replayed-from: ${s.topic('alcs.card.requests.dlq')}:1:0`,
  );
  await page.goto(`${s.url}/dlq`);
  expect(await waitForText(section.locator('tr[data-entry="1:0"]'), /replayed/)).toBeTruthy();
  expect(s.consoleLogs().filter((l) => l.event === 'console.replayed')).toEqual([
    expect.objectContaining({ operator: OPERATOR, entries: [`${s.topic('alcs.card.requests.dlq')}:1:0`] }),
  ]);
  expect(s.consoleLines.filter((l) => l.includes(card) || l.includes('+48600100200'))).toEqual([]);
  expect(browser.errors).toEqual([]);
});
