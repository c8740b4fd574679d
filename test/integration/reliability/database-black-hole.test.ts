// Guarantee: a database that stops answering without closing anything (a black hole:
// packets dropped, connections left open, as after a failover behind a firewall) is
// a transient failure like an outage: readiness false while it lasts, no error reply,
// nothing dead-lettered, and every request answered exactly once after it heals. A
// call stuck on a dead connection must not hang its partition for good.
// Runs on the serial stack, which has Toxiproxy in front of the database (scripts/test.ts).
import { kafkaClient } from '../../support/kafka-client';
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';
import { addTimeout, removeToxic, resetToxics } from '../../support/toxiproxy';

const TOXIC = 'black-hole';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('black-hole', 3);
});
afterAll(async () => {
  await resetToxics().catch(() => undefined);
  await s.close();
});

test('the database black-holed for 30 s → not ready meanwhile, no error replies, all answered once after', async () => {
  const w = await s.startWorker();
  expect(await w.readyz()).toBe(200);
  const reqs = Array.from({ length: 60 }, (_, i) => register(`bh-${i}`, `${newCardNumber()}${i}`));
  await s.sendAll(reqs.slice(0, 30));
  await s.replies.waitFor((rs) => rs.length >= 30, 60_000);

  await addTimeout('mongodb', 0, { name: TOXIC });
  const holed = Date.now();
  await s.sendAll(reqs.slice(30));
  let sawNotReady = false;
  // A call held by the black hole raises nothing (the driver's timeouts did not fire on it);
  // readiness turns false once it has waited SLOW_STEP_MS (10 s, engine/retry.ts) and stays so
  // until the database answers.
  while (Date.now() - holed < 30_000) {
    if ((await w.readyz()) === 503) sawNotReady = true;
    await new Promise((r) => setTimeout(r, 250));
  }
  await removeToxic('mongodb', TOXIC);
  const healed = Date.now();

  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 90_000);
  const recovered = (Date.now() - healed) / 1000;
  await new Promise((r) => setTimeout(r, 1_000));
  process.stdout.write(`[database-black-hole] answered all ${reqs.length} ${recovered.toFixed(1)} s after it healed\n`);
  expect(sawNotReady).toBe(true);
  expect(new Set(s.replies.received.map((r) => r.value.messageCode))).toEqual(new Set(['Success']));
  expect([...s.replyCounts()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(s.replyCounts().size).toBe(reqs.length);
  const admin = kafkaClient().admin();
  await admin.connect();
  const dlq = await admin.fetchTopicOffsets(s.topics.dlq);
  await admin.disconnect();
  expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
  // Healed well within the bound a stuck call would need (the driver has none by default).
  expect(recovered).toBeLessThan(30);
});
