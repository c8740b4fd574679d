// Processed requests are kept PROCESSED_RETENTION_DAYS and then removed: the worker
// purges expired records every PROCESSED_PURGE_INTERVAL_MS (for servers that do not
// enforce TTL indexes, such as FerretDB v1), and a re-sent request older than that
// is a new question again.
import { RouteHarness } from '../../src/route-harness';
import { counterRoute } from '../counter-route';

const DAY = 86_400_000;
let h: RouteHarness;
afterEach(async () => h.stop());

test('records live PROCESSED_RETENTION_DAYS, then the periodic purge removes them', async () => {
  let now = 0;
  h = await RouteHarness.start([counterRoute()], {
    entities: ['counters'],
    now: () => now,
    env: { PROCESSED_RETENTION_DAYS: '10', PROCESSED_PURGE_INTERVAL_MS: '20' },
  });
  await h.ask({ requestId: 'old', operation: 'Add', payload: { id: 'c1', amount: 1 } });
  const [record] = [...h.processed.records.values()];
  expect(record!.expiresAt.getTime()).toBe(10 * DAY);
  now = 9 * DAY;
  await new Promise((r) => setTimeout(r, 60));
  expect(h.processed.records.size).toBe(1);
  now = 10 * DAY + 1;
  await new Promise((r) => setTimeout(r, 60));
  expect(h.processed.records.size).toBe(0);
  expect(h.logs.some((l) => l.event === 'processed.purged' && l.count === 1)).toBe(true);
});
