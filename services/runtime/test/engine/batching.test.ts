// A chunk is decided per entity in offset order and written once per store: N
// requests on one counter are one read and one write, and a write that loses a
// race to another process is read and decided again, never answered with an error.
import { memoryEntityStore } from '../../src';
import { RouteHarness } from '../../src/route-harness';
import { counterRoute, REPLIES, type Counter } from '../counter-route';

let h: RouteHarness;
afterEach(async () => h.stop());

test('requests with the same key are decided in order, and a chunk reads and writes each store once', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  h.transport.hold();
  for (let i = 0; i < 30; i++)
    h.send({
      requestId: `o-${i}`,
      operation: 'Add',
      payload: { id: i % 2 ? 'odd' : 'even', amount: 1 },
      key: i % 2 ? 'odd' : 'even',
    });
  h.transport.release();
  await h.settle();
  const store = h.entities.counters!;
  expect(store.calls).toEqual({ load: 1, save: 1 });
  expect(store.docs.get('even')).toMatchObject({
    revision: 1,
    record: { n: 15, by: Array.from({ length: 15 }, (_, i) => `o-${i * 2}`) },
  });
  const ns = h
    .read<{ requestId: string; n: number }>(REPLIES)
    .filter((r) => r.value.requestId.startsWith('o-'))
    .map((r) => r.value.n);
  expect(ns).toEqual(Array.from({ length: 30 }, (_, i) => Math.floor(i / 2) + 1));
});

test('a write that lost a race is decided again on the fresh record', async () => {
  const counters = memoryEntityStore<Counter>();
  counters.docs.set('c1', { record: { id: 'c1', n: 10, by: [] }, revision: 4, applied: [] });
  const save = counters.save.bind(counters);
  let raced = false;
  counters.save = async (writes) => {
    if (!raced) {
      raced = true;
      counters.concurrentWrite('c1', (r) => ({ ...r, n: r.n + 50 }));
    }
    return save(writes);
  };
  h = await RouteHarness.start([counterRoute()], { stores: { counters: counters as never } });
  expect(
    await h.ask({ requestId: 'race', operation: 'Add', payload: { id: 'c1', amount: 1 }, key: 'c1' }),
  ).toMatchObject({ messageCode: 'Success', n: 61 });
  expect(counters.docs.get('c1')).toMatchObject({ revision: 6, record: { n: 61 } });
});
