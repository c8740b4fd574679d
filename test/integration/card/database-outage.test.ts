// Guarantee: a database outage in the middle of a stream is a transient failure —
// no error replies, readiness false while it lasts, and every request answered
// exactly once after the database is back.
import { controlComponent } from '../../support/stack-env';
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('outage', 3);
});
afterAll(async () => {
  await controlComponent('mongodb', 'start').catch(() => undefined);
  await s.close();
});

async function readyz(port: number): Promise<number> {
  return fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
}

test('database stopped for a few seconds → no error replies, all answered once when it is back', async () => {
  const w = await s.startWorker();
  const port = Number((await w.waitForLog('worker.started')).metricsPort);
  expect(await readyz(port)).toBe(200);
  const reqs = Array.from({ length: 60 }, (_, i) => ({ id: `o-${i}`, card: newCardNumber() + i }));
  const started = Date.now();
  for (const r of reqs.slice(0, 30)) await s.send(register(r.id, r.card));
  await s.replies.waitFor((rs) => rs.length >= 30);

  await controlComponent('mongodb', 'stop');
  for (const r of reqs.slice(30)) await s.send(register(r.id, r.card));
  let sawNotReady = false;
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    if ((await readyz(port)) === 503) sawNotReady = true;
    await new Promise((r) => setTimeout(r, 200));
  }
  await controlComponent('mongodb', 'start');

  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 90_000);
  const elapsed = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  expect(sawNotReady).toBe(true);
  const codes = s.replies.received.map((r) => r.value.messageCode);
  expect(new Set(codes)).toEqual(new Set(['Success']));
  expect(s.replies.received).toHaveLength(reqs.length);
  const deadline = Date.now() + 30_000;
  while ((await readyz(port)) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(await readyz(port)).toBe(200);
  expect(w.logs().some((l) => l.event === 'retry.scheduled')).toBe(true);
  process.stdout.write(
    `[database-outage] ${reqs.length} requests answered once each in ${elapsed.toFixed(1)} s (${(reqs.length / elapsed).toFixed(1)} req/s, including a ~5 s outage)\n`,
  );
});
