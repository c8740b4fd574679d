// Guarantee: error means someone must act. A fault-free run — a second process joining
// the group under load (a rebalance), then the first leaving (another) — logs no line at
// level error (pino 50) in either process, and every request is answered once.
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';
import { waitForGroup } from '../../support/kafka-client';
import { uniqueName } from '../../support/stack-env';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('no-error-logs', 4);
});
afterAll(async () => s.close());

const ERROR = 50;

test('two processes joining and leaving one group under requests: no error line, every request answered once', async () => {
  const first = await s.startWorker({ INSTANCE_ID: uniqueName('a') });
  const batch = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => register(`nel-${from + i}`, `${newCardNumber()}${from + i}`));
  const reqs = batch(0, 150);
  await s.sendAll(reqs);
  await s.replies.waitFor((rs) => rs.length >= 50, 60_000);

  const second = await s.startWorker({ INSTANCE_ID: uniqueName('b') });
  await waitForGroup(s.env.CONSUMER_GROUP!, 2);
  const more = batch(150, 150);
  await s.sendAll(more);
  await s.replies.waitFor((rs) => rs.length >= 225, 120_000);
  expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  const last = batch(300, 100);
  await s.sendAll(last);
  const all = [...reqs, ...more, ...last];
  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= all.length, 120_000);
  await new Promise((r) => setTimeout(r, 1_000));

  const logs = [first, second].flatMap((w) => w.logs());
  const errors = logs.filter((l) => Number(l.level) >= ERROR);
  const rebalanceLines = logs.filter((l) => /rebalanc|rejoin/i.test(`${l.message ?? ''} ${l.error ?? ''}`)).length;
  process.stdout.write(
    `[no-error-logs] ${logs.length} log lines, ${rebalanceLines} about rebalancing, ${errors.length} at error\n`,
  );
  expect(errors.map((l) => `${l.event}: ${l.message ?? ''} ${l.error ?? ''}`)).toEqual([]);
  expect([...s.replyCounts()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(s.replyCounts().size).toBe(all.length);
}, 300_000);
