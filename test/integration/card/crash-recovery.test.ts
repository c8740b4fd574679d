// Guarantee: a worker killed (SIGKILL) after its database write and before its
// reply loses nothing and doubles nothing — after a restart every request has
// exactly one committed reply and the crashed request's effect is applied once.
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('crash', 3);
});
afterAll(async () => s.close());

test('SIGKILL between write and reply → one effect, one reply per request', async () => {
  const before = Array.from({ length: 40 }, (_, i) => ({ id: `pre-${i}`, card: newCardNumber() + i }));
  const after = Array.from({ length: 40 }, (_, i) => ({ id: `post-${i}`, card: newCardNumber() + i }));
  const crashCard = newCardNumber();
  const first = await s.startWorker({ TEST_CRASH_POINT: 'after-effect' });
  const started = Date.now();
  for (const r of before) await s.send(register(r.id, r.card));
  await s.send(register('crash-1', crashCard));
  for (const r of after) await s.send(register(r.id, r.card));

  const exit = await first.exited;
  expect(exit.signal).toBe('SIGKILL');
  // The effect of crash-1 is in the database, its reply is not on the topic.
  expect(await s.db.collection('cards').countDocuments({ _id: crashCard as never })).toBe(1);

  await s.startWorker();
  const total = before.length + after.length + 1;
  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= total, 60_000);
  const elapsed = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up, if any

  const counts = new Map<string, number>();
  for (const r of s.replies.received) counts.set(r.value.requestId, (counts.get(r.value.requestId) ?? 0) + 1);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(counts.size).toBe(total);
  expect(s.repliesFor('crash-1')[0]).toMatchObject({ messageCode: 'Success', status: 200 });
  const doc = await s.db.collection('cards').findOne({ _id: crashCard as never });
  expect(doc?.revision).toBe(1);
  expect(doc?.applied.map((m: { requestId: string }) => m.requestId)).toEqual(['crash-1']);
  process.stdout.write(`[crash-recovery] ${total} requests answered once each in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(1)} req/s, including the kill and restart)\n`);
});
