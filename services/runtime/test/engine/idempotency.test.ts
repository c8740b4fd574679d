// Exactly-once effect: a re-sent or redelivered request is never applied twice and
// gets the same reply again; the same requestId with other content is refused;
// processed requests are scoped by topic.
import { frame, memoryEntityStore, type Outcome } from '../../src';
import { RouteHarness } from '../../src/route-harness';
import { counterRoute, EVENTS, REPLIES, type Counter } from '../counter-route';

let h: RouteHarness;
afterEach(async () => h.stop());

const add = (requestId: string, amount = 1, id = 'c1') => ({
  requestId,
  operation: 'Add',
  payload: { id, amount },
  key: id,
});

test('a re-sent request gets the identical reply and changes nothing; other content under its id is DuplicateRequestId', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'] });
  const first = await h.ask(add('r-1', 7));
  expect(await h.ask(add('r-1', 7))).toEqual(first);
  expect(await h.ask(add('r-1', 8))).toMatchObject({
    status: 409,
    messageCode: 'DuplicateRequestId',
    details: [{ field: 'requestId' }],
  });
  const stored = h.entities.counters!.docs.get('c1')!;
  expect(stored.record).toEqual({ id: 'c1', n: 7, by: ['r-1'] });
  expect(stored.revision).toBe(1);
  expect(h.logs.filter((l) => l.event === 'request.replayed').map((l) => l.requestId)).toEqual(['r-1']);
});

test('the same requestId twice in one batch: applied once, answered twice identically', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'] });
  h.send(add('d-1', 3));
  h.send(add('d-1', 3));
  h.send(add('d-1', 4));
  await h.settle();
  const replies = h.repliesTo('d-1').map((m) => m.value);
  expect(replies).toHaveLength(3);
  expect(replies[1]).toEqual(replies[0]);
  expect(replies[2]).toMatchObject({ messageCode: 'DuplicateRequestId' });
  expect(h.entities.counters!.docs.get('c1')!.record).toMatchObject({ n: 3 });
});

test("processed requests are scoped by topic: one system's requestId never refuses another's", async () => {
  h = await RouteHarness.start([counterRoute('a.requests', 'a.replies'), counterRoute('b.requests', 'b.replies')], {
    entities: ['counters'],
  });
  h.send(add('same-id', 1, 'x'), 'a.requests');
  h.send(add('same-id', 2, 'y'), 'b.requests');
  await h.transport.drained(['a.requests', 'b.requests']);
  expect(h.read('a.replies')[0]!.value).toMatchObject({ messageCode: 'Success', n: 1 });
  expect(h.read('b.replies')[0]!.value).toMatchObject({ messageCode: 'Success', n: 2 });
});

test('a request whose effect was written before a crash (its mark on the entity) gets the marked outcome, events included, and is not applied again', async () => {
  const counters = memoryEntityStore<Counter>();
  const marked: Outcome = {
    code: 'Success',
    entity: { id: 'c1', n: 100 },
    events: [{ topic: EVENTS, key: 'c1', value: { eventId: 'e-from-before', id: 'c1', at: 5 } }],
  };
  counters.docs.set('c1', {
    record: { id: 'c1', n: 100, by: ['crash-1'] },
    revision: 1,
    applied: [{ requestId: 'crash-1', outcome: marked }],
  });
  h = await RouteHarness.start([counterRoute()], { stores: { counters: counters as never } });
  h.sendRaw(
    'c1',
    frame({
      requestId: 'crash-1',
      sentAt: 0,
      source: 't',
      responseLanguage: null,
      operation: { 'test.Add': { id: 'c1', amount: 100 } },
    }),
    { 'correlation-id': 'crash-1' },
  );
  await h.settle();
  expect(h.read(REPLIES)[0]!.value).toMatchObject({ messageCode: 'Success', status: 201, n: 100 });
  expect(h.read(EVENTS).map((e) => e.value.eventId)).toEqual(['e-from-before']);
  expect(counters.docs.get('c1')!.revision).toBe(1);
});

test('an event goes out once with its reply; a re-sent request gets the reply only', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], newId: () => 'e-1' });
  await h.ask(add('full', 100));
  await h.ask(add('full', 100));
  expect(h.read(EVENTS)).toHaveLength(1);
  expect(h.read(EVENTS)[0]!.headers['event-id']).toBe('e-1');
});
