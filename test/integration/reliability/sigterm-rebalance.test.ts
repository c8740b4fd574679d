// Guarantee: SIGTERM while the group is rebalancing — to a busy member and to the
// one joining — ends each process with exit 0 within its bound, and nothing is lost
// or answered twice: a process started afterwards answers the rest, once each.
import { kafkaClient } from '../../support/kafka-client';
import { uniqueName } from '../../support/stack-env';
import { WorkerProcess } from '../../support/worker-process';
import { CardScenario, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('term-rebalance', 4);
});
afterAll(async () => s.close());

/** Resolves once the group is between generations (a member joined or left, the others not yet back). */
async function rebalancing(group: string, timeoutMs: number): Promise<string> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const state = (await admin.describeGroups([group])).groups[0]?.state ?? '';
      if (state === 'PreparingRebalance' || state === 'CompletingRebalance') return state;
    }
    throw new Error(`group ${group} never seen rebalancing within ${timeoutMs} ms`);
  } finally {
    await admin.disconnect();
  }
}

const BOUND_MS = 30_000; // runMain's own bound: past it a worker exits 1

test('SIGTERM to a busy member and to a joining one during a rebalance → both exit 0 within the bound; the rest answered once', async () => {
  const shutdown = { SHUTDOWN_TIMEOUT_MS: '10000' };
  const busy = await s.startWorker(shutdown);
  const reqs = Array.from({ length: 1200 }, (_, i) => register(`tr-${i}`, `${newCardNumber()}${i}`));
  await s.sendAll(reqs);
  await s.replies.waitFor((rs) => rs.length >= 50, 60_000);

  const joining = WorkerProcess.start('card-worker', { ...s.env, ...shutdown, INSTANCE_ID: uniqueName('j') });
  s.workers.push(joining);
  const state = await rebalancing(s.env.CONSUMER_GROUP!, 60_000);
  const t0 = Date.now();
  const exits = await Promise.all(
    [busy, joining].map(async (w) => {
      const exit = await w.stop('SIGTERM');
      return { ...exit, ms: Date.now() - t0 };
    }),
  );
  process.stdout.write(
    `[sigterm-rebalance] SIGTERM in ${state}: exits ${exits.map((e) => `${e.code} after ${(e.ms / 1000).toFixed(1)} s`).join(', ')}\n`,
  );
  for (const e of exits) {
    expect({ code: e.code, signal: e.signal }).toEqual({ code: 0, signal: null });
    expect(e.ms).toBeLessThan(BOUND_MS);
  }
  expect(busy.logs().map((l) => l.event)).toContain('worker.stopped');

  await s.startWorker();
  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 120_000);
  await new Promise((r) => setTimeout(r, 1_500));
  expect([...s.replyCounts()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(s.replyCounts().size).toBe(reqs.length);
});
