// An outage is not a wave of bad messages: while a dependency is down (the worker's
// probe fails), or when many messages in a row fail for good, the partition holds the
// message and waits with backoff — readiness false, worker_partition_waiting 1,
// `partition.waiting` at warn — and nothing is dead-lettered or answered with an error
// because of it. A single poison message among good ones is still dead-lettered.
import { MongoServerError } from 'mongodb';
import { DependencyRefusedError, frame, type EventRoute } from '../../src';
import type { DependencyProbe } from '../../src/probe';
import { RouteHarness } from '../../src/route-harness';
import { counterRoute, OTHER_REPLIES, REPLIES, TOPIC } from '../counter-route';

let h: RouteHarness;
afterEach(async () => h.stop());

const add = (requestId: string, id = requestId, headers: Record<string, string> = {}) => ({
  requestId,
  operation: 'Add',
  payload: { id, amount: 1 },
  key: id,
  headers,
});

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A probe that fails while `state.down`. */
function switchable(state: { down: boolean }): DependencyProbe {
  return {
    name: 'database',
    check: async () => {
      if (state.down) throw new Error('connection refused');
    },
  };
}

/** Makes the counters store's writes fail with `make()` while `state.down`. */
function failWrites(state: { down: boolean }, make: () => Error): void {
  const store = h.entities.counters!;
  const save = store.save.bind(store);
  store.save = async (writes) => {
    if (state.down) throw make();
    return save(writes);
  };
}

const codes = (topic: string): string[] => h.read(topic).map((m) => String(m.value.messageCode));
const events = (name: string) => h.logs.filter((l) => l.event === name);
const waitingGauge = async (): Promise<number> =>
  Number(/worker_partition_waiting\{[^}]*\} (\d+)/.exec(await h.metricsText())?.[1] ?? 0);

test('a dependency down that fails in a way no one classified: the partition waits, then answers every message once; nothing dead-lettered', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], {
    entities: ['counters'],
    partitions: 1,
    probes: [switchable(state)],
  });
  failWrites(state, () => new Error('something the driver never said before'));
  h.transport.hold();
  for (let i = 1; i <= 10; i++) h.send(add(`w-${i}`));
  h.transport.release();
  await until(() => events('partition.waiting').length > 0);
  await new Promise((r) => setTimeout(r, 100));
  expect(h.ready()).toBe(false);
  expect(await waitingGauge()).toBe(1);
  expect(h.read(REPLIES)).toHaveLength(0);
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(0);
  state.down = false;
  await h.settle();
  expect(codes(REPLIES)).toEqual(Array(10).fill('Success'));
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(0);
  expect(h.ready()).toBe(true);
  expect(await waitingGauge()).toBe(0);
  expect(events('partition.waiting')).toEqual([expect.objectContaining({ level: 40, reason: 'probe', offset: '0' })]);
  expect(events('partition.resumed')).toEqual([expect.objectContaining({ level: 30, outcome: 'answered' })]);
  expect(await h.metricsText()).toMatch(/worker_partition_waits_total\{[^}]*reason="probe"[^}]*\} 1/);
  expect(h.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
});

test('without a probe that sees it, many messages in a row failing for good make the partition wait after OUTAGE_FAILURES_IN_ROW - 1 dead letters', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  failWrites(state, () => new Error('unclassified'));
  h.transport.hold();
  for (let i = 1; i <= 8; i++) h.send(add(`r-${i}`));
  h.transport.release();
  await until(() => events('partition.waiting').length > 0);
  await new Promise((r) => setTimeout(r, 100));
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(2);
  expect(h.ready()).toBe(false);
  state.down = false;
  await h.settle();
  expect(codes(REPLIES)).toEqual(['AddFailed', 'AddFailed', ...Array(6).fill('Success')]);
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(2);
  expect(events('partition.waiting')).toEqual([expect.objectContaining({ level: 40, reason: 'in_row', offset: '2' })]);
  expect(h.ready()).toBe(true);
});

test('poison messages among good ones are each dead-lettered, the probe serving: no wait', async () => {
  h = await RouteHarness.start([counterRoute()], {
    entities: ['counters'],
    partitions: 1,
    probes: [switchable({ down: false })],
  });
  h.transport.refusing.add(OTHER_REPLIES);
  const poison = { 'reply-topic': OTHER_REPLIES };
  h.transport.hold();
  h.send(add('p-1'));
  h.send(add('p-2', 'p-2', poison));
  h.send(add('p-3'));
  h.send(add('p-4', 'p-4', poison));
  h.send(add('p-5', 'p-5', poison));
  h.send(add('p-6'));
  h.transport.release();
  await h.settle();
  expect(codes(REPLIES)).toEqual(['Success', 'AddFailed', 'Success', 'AddFailed', 'AddFailed', 'Success']);
  expect(h.transport.read(`${TOPIC}.dlq`).map((m) => m.headers['dlq-origin-offset'])).toEqual(['1', '3', '4']);
  expect(events('partition.waiting')).toEqual([]);
  expect(h.ready()).toBe(true);
});

test('a poison message met while the probe fails is held until the dependency serves, then dead-lettered as poison', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], {
    entities: ['counters'],
    partitions: 1,
    probes: [switchable(state)],
  });
  h.transport.refusing.add(OTHER_REPLIES);
  h.transport.hold();
  h.send(add('q-1', 'q-1', { 'reply-topic': OTHER_REPLIES }));
  h.send(add('q-2'));
  h.transport.release();
  await until(() => events('partition.waiting').length > 0);
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(0);
  state.down = false;
  await h.settle();
  expect(codes(REPLIES)).toEqual(['AddFailed', 'Success']);
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(1);
  expect(events('partition.resumed')).toEqual([expect.objectContaining({ outcome: 'dead_lettered' })]);
});

test('a wait longer than OUTAGE_ALERT_AFTER_MS is logged once more, at error: someone must act', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], {
    entities: ['counters'],
    partitions: 1,
    probes: [switchable(state)],
    env: { OUTAGE_ALERT_AFTER_MS: '40' },
  });
  failWrites(state, () => new Error('unclassified'));
  h.send(add('a-1'));
  await until(() => events('partition.waiting').some((l) => l.level === 50));
  state.down = false;
  await h.settle();
  expect(events('partition.waiting').map((l) => l.level)).toEqual([40, 50]);
  expect(codes(REPLIES)).toEqual(['Success']);
});

test('a stepdown-shaped server error with no label is retried, never answered: one Success', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  let left = 4;
  failWrites(state, () => {
    if (--left === 0) state.down = false;
    return new MongoServerError({ ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' });
  });
  h.send(add('s-1'));
  await h.settle();
  expect(codes(REPLIES)).toEqual(['Success']);
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(0);
  expect(events('retry.scheduled').map((l) => l.level)).toEqual([40, 40, 40, 40]);
});

test('a dependency that refuses us is waited out like an outage, each wait logged at error; never answered', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  failWrites(state, () => new DependencyRefusedError('database', 'authentication failed'));
  h.send(add('x-1'));
  await until(() => events('retry.scheduled').length >= 2);
  expect(h.ready()).toBe(false);
  expect(h.read(REPLIES)).toHaveLength(0);
  state.down = false;
  await h.settle();
  expect(codes(REPLIES)).toEqual(['Success']);
  expect(events('retry.scheduled').every((l) => l.level === 50)).toBe(true);
});

test('an event handler that fails while the probe fails is not dead-lettered: its chunk runs again when the dependency serves', async () => {
  const state = { down: true };
  const handled: string[] = [];
  const route: EventRoute = {
    kind: 'event',
    topic: 'test.events',
    dlqTopic: 'test.events.dlq',
    idField: 'eventId',
    unionField: 'event',
    timeField: 'at',
    operations: {
      Approved: async (_p, ctx) => {
        if (state.down) throw new Error('unclassified');
        handled.push(ctx.requestId);
        return { code: 'Scheduled' };
      },
    },
  };
  h = await RouteHarness.start([route], { partitions: 1, probes: [switchable(state)] });
  h.sendRaw('k', frame({ eventId: 'e-1', at: 1, event: { 'test.Approved': { id: 'c' } } }), {}, 'test.events');
  await until(() => events('retry.scheduled').length >= 2);
  expect(h.transport.read('test.events.dlq')).toHaveLength(0);
  state.down = false;
  await h.settle();
  expect(handled).toEqual(['e-1']);
  expect(h.transport.read('test.events.dlq')).toHaveLength(0);
});

test('a chunk whose computation failed once for good is isolated without being fetched again meanwhile: one answer each', async () => {
  const state = { down: true };
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  const store = h.entities.counters!;
  const save = store.save.bind(store);
  store.save = async (writes) => {
    if (state.down) {
      state.down = false;
      throw new Error('once, unclassified');
    }
    await new Promise((r) => setTimeout(r, 10));
    return save(writes);
  };
  h.transport.hold();
  for (let i = 1; i <= 5; i++) h.send(add(`i-${i}`));
  h.transport.release();
  await h.settle();
  await new Promise((r) => setTimeout(r, 100));
  expect(codes(REPLIES)).toEqual(Array(5).fill('Success'));
});
