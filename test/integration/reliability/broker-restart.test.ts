// Guarantee: a broker restart under load — the broker that leads the most partitions
// shuts down (its leaders, and perhaps the group or transaction coordinator, move
// while transactions are open) and comes back — costs time, never an answer: every
// request answered exactly once with its own code, nothing dead-lettered, and no log
// line at level error (a restart is routine; error means someone must act).
// Runs on the serial stack, which has three brokers (scripts/test.ts).
import { Collector, kafkaClient } from '../../support/kafka-client';
import { controlComponent, stackEnv } from '../../support/stack-env';
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
let restarted = '';
beforeAll(async () => {
  s = await CardScenario.open('broker-restart', 6);
});
afterAll(async () => {
  if (restarted) await controlComponent(restarted, 'start').catch(() => undefined);
  await s.close();
});

/** The broker component (`kafka-N`) leading the most partitions of `topics`. */
async function leaderOfMost(topics: string[]): Promise<string> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    const led = new Map<number, number>();
    for (const t of (await admin.fetchTopicMetadata({ topics })).topics)
      for (const p of t.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
    return `kafka-${[...led].sort((a, b) => b[1] - a[1])[0]![0]}`;
  } finally {
    await admin.disconnect();
  }
}

/** How many times each requestId was written to the request topic. */
async function writtenPerRequestId(topic: string): Promise<Map<string, number>> {
  const admin = kafkaClient().admin();
  await admin.connect();
  const end = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = end.reduce((n, p) => n + Number(p.high), 0);
  const requests = await Collector.open<{ requestId: string }>(topic);
  try {
    await requests.waitForCount(total, 60_000);
  } finally {
    await requests.close();
  }
  const n = new Map<string, number>();
  for (const r of requests.received) n.set(r.value.requestId, (n.get(r.value.requestId) ?? 0) + 1);
  return n;
}

test('the leading broker restarts while two processes answer a stream → all answered once, no dead letter, no error line', async () => {
  if (stackEnv().kafkaBrokers.length < 3) throw new Error('this scenario needs the three-broker serial stack');
  const workers = [await s.startWorker(), await s.startWorker()];
  const reqs = Array.from({ length: 1500 }, (_, i) => register(`br-${i}`, `${newCardNumber()}${i}`));
  const sending = (async () => {
    for (let i = 0; i < reqs.length; i += 50) {
      for (let attempt = 0; ; attempt++) {
        try {
          await s.sendAll(reqs.slice(i, i + 50));
          break;
        } catch (err) {
          if (attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await s.replies.waitFor((rs) => rs.length >= 200, 60_000);

  restarted = await leaderOfMost([s.topics.requests, s.topics.replies]);
  const t0 = Date.now();
  await controlComponent(restarted, 'stop');
  await new Promise((r) => setTimeout(r, 3_000));
  await controlComponent(restarted, 'start');
  const down = Date.now() - t0;
  restarted = '';

  await sending;
  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 150_000);
  await new Promise((r) => setTimeout(r, 2_000));
  const counts = s.replyCounts();
  // The sender re-sends a batch whose send failed, and part of that batch may already be
  // written: a request written twice is answered twice (an idempotent re-send). So the
  // guarantee is checked per request message: as many replies as times it was written.
  const written = await writtenPerRequestId(s.topics.requests);
  const resent = [...written.values()].filter((n) => n > 1).length;
  process.stdout.write(
    `[broker-restart] ${reqs.length} requests (${resent} written twice by the sender's retry), the leading broker down ${(down / 1000).toFixed(1)} s; answered ${counts.size}\n`,
  );
  expect([...counts].filter(([id, n]) => n !== written.get(id))).toEqual([]);
  expect(counts.size).toBe(reqs.length);
  expect(written.size).toBe(reqs.length);
  expect(new Set(s.replies.received.map((r) => r.value.messageCode))).toEqual(new Set(['Success']));

  const admin = kafkaClient().admin();
  await admin.connect();
  const dlq = await admin.fetchTopicOffsets(s.topics.dlq);
  await admin.disconnect();
  expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);

  const errors = workers.flatMap((w) => w.logs().filter((l) => Number(l.level) >= 50));
  expect(errors.map((l) => `${String(l.event)}: ${String(l.error ?? l.message ?? '')}`)).toEqual([]);
}, 300_000);
