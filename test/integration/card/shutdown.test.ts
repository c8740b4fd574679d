// Guarantee: SIGTERM drains — the worker stops fetching, finishes and commits what
// is in flight, disconnects and exits 0 within its bound; nothing sent before the
// signal is lost (a restarted worker answers whatever was not yet answered, once).
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('term', 3);
});
afterAll(async () => s.close());

test('SIGTERM mid-stream → exit 0 within the bound, and every request answered exactly once', async () => {
  const w = await s.startWorker({ SHUTDOWN_TIMEOUT_MS: '10000' });
  const reqs = Array.from({ length: 60 }, (_, i) => ({ id: `t-${i}`, card: newCardNumber() + i }));
  for (const r of reqs.slice(0, 30)) await s.send(register(r.id, r.card));
  await s.replies.waitFor((rs) => rs.length >= 5);
  const t0 = Date.now();
  const exit = await w.stop('SIGTERM');
  const took = Date.now() - t0;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(took).toBeLessThan(15_000);
  expect(w.logs().map((l) => l.event)).toEqual(expect.arrayContaining(['worker.stopping', 'worker.stopped']));

  for (const r of reqs.slice(30)) await s.send(register(r.id, r.card));
  await s.startWorker();
  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 60_000);
  await new Promise((r) => setTimeout(r, 1000));
  expect(s.replies.received).toHaveLength(reqs.length);
});
