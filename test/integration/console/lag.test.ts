// Guarantee: the overview shows a worker's group lag per partition growing while the worker is stopped and requests keep coming (the worker unreachable, its group without members), and draining back to 0 once it restarts (the worker ready again), without reloading the page.
import { type Browser, screenshot, waitForText } from '../../support/browser';
import { ConsoleScenario } from '../../support/console-fixture';

let s: ConsoleScenario;
let browser: Browser;
beforeAll(async () => ({ s, browser } = await ConsoleScenario.withBrowser('console-lag', ['card-worker'])));
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const lock = (cardNumber: string) => ({ source: 'ALCS', operation: { LockCard: { cardNumber } } });

test('stopped worker: lag appears; restarted: it drains', async () => {
  await s.ask('alcs.card.requests', lock('4000000000000001'));
  const page = await browser.page(`${s.url}/overview`);
  const group = page.locator(`article.group[data-group="${s.groupPrefix}card-worker"]`);
  const worker = page.locator('article.card[data-worker="card-worker"]');
  await waitForText(worker.locator('h3'), /card-worker ready/);
  await waitForText(group.locator('h3'), /lag 0\b.*Stable, 1 member/s);

  await s.stopWorker('card-worker');
  const sent = await Promise.all(
    ['4000000000000002', '4000000000000003', '4000000000000004'].map(async (c) => {
      const call = await s.client.start('alcs.card.requests', lock(c));
      await call.sent;
      return call;
    }),
  );
  expect(await waitForText(group.locator('h3'), /lag 3\b.*Empty \(no member: is the worker running\?\)/s)).toBeTruthy();
  expect(await waitForText(worker.locator('h3'), /card-worker unreachable/)).toBeTruthy();
  const behind = await group
    .locator('tr.behind')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-partition')));
  await screenshot(page, 'overview');

  await s.startWorker('card-worker');
  expect(await waitForText(group.locator('h3'), /lag 0\b.*Stable, 1 member/s, 60_000)).toBeTruthy();
  expect(await waitForText(worker.locator('h3'), /card-worker ready/)).toBeTruthy();
  const answers = await Promise.all(sent.map((x) => x.answer));
  expect(answers.map((a) => a.code)).toEqual(Array(3).fill('CustomerWithGivenCardNumberNotFound'));
  // The partitions behind were the requests': a reply is keyed as its request, on a reply topic of as many partitions.
  expect(behind.sort()).toEqual(
    [...new Set(answers.map((a) => `${s.topic('alcs.card.requests')}:${a.received.partition}`))].sort(),
  );
  expect(browser.errors).toEqual([]);
});
