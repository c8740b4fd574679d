// Failures: a transient one is retried with the partition held and readiness false,
// never answered; a message whose answer cannot be delivered is dead-lettered with
// its error and a fallback reply while the others go through; a process that lost
// its partition commits nothing.
import { TransientError } from '../../src';
import { RouteHarness } from '../../src/route-harness';
import { counterRoute, OTHER_REPLIES, REPLIES, TOPIC } from '../counter-route';

let h: RouteHarness;
afterEach(async () => h.stop());

const add = (requestId: string, id = 'c1', headers: Record<string, string> = {}) => ({
  requestId,
  operation: 'Add',
  payload: { id, amount: 1 },
  key: id,
  headers,
});

test('a database outage is retried: no error reply, readiness false meanwhile, one answer after it heals', async () => {
  h = await RouteHarness.start([counterRoute()], {
    entities: ['counters'],
    env: { RETRY_BASE_MS: '20', RETRY_MAX_MS: '40' },
  });
  const store = h.entities.counters!;
  let failures = 5;
  const load = store.load.bind(store);
  let sawNotReady = false;
  store.load = async (ids) => {
    if (failures-- > 0) {
      setTimeout(() => (sawNotReady ||= !h.ready()), 5);
      throw new TransientError('database unreachable');
    }
    return load(ids);
  };
  expect(await h.ask(add('t-1'))).toMatchObject({ messageCode: 'Success' });
  expect(sawNotReady).toBe(true);
  expect(h.ready()).toBe(true);
  expect(h.read(REPLIES)).toHaveLength(1);
  expect(h.logs.filter((l) => l.event === 'retry.scheduled').length).toBe(5);
});

test("a reply the broker refuses for good: that message is dead-lettered with a fallback reply (its operation's error code); the rest of its chunk is answered", async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  h.transport.refusing.add(OTHER_REPLIES);
  h.transport.hold();
  h.send(add('p-1', 'a'));
  h.send(add('p-2', 'b', { 'reply-topic': OTHER_REPLIES }));
  h.send(add('p-3', 'c'));
  h.transport.release();
  await h.settle();
  expect(h.read(REPLIES).map((m) => [m.value.requestId, m.value.messageCode])).toEqual([
    ['p-1', 'Success'],
    ['p-2', 'AddFailed'],
    ['p-3', 'Success'],
  ]);
  const dlq = h.transport.read(`${TOPIC}.dlq`);
  expect(dlq).toHaveLength(1);
  expect(dlq[0]!.headers['dlq-error']).toContain(`refused: ${OTHER_REPLIES}`);
  expect(dlq[0]!.headers['dlq-origin-offset']).toBe('1');
});

test("a message whose dead letter is over the broker's size limit is dead-lettered without its bytes, naming its origin; the partition moves on", async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1, maxMessageBytes: 10_000 });
  h.transport.hold();
  h.sendRaw('k', Buffer.alloc(9_990, 0x41)); // fits; with the dead-letter headers it does not
  h.send(add('s-1'));
  h.transport.release();
  await h.settle();
  expect(h.read(REPLIES).map((m) => m.value.messageCode)).toEqual(['Success']);
  const dlq = h.transport.read(`${TOPIC}.dlq`);
  expect(dlq).toHaveLength(1);
  expect(dlq[0]).toMatchObject({ key: 'k', value: Buffer.alloc(0) });
  expect(dlq[0]!.headers).toMatchObject({
    'dlq-value-omitted': '9990',
    'dlq-origin-topic': TOPIC,
    'dlq-origin-offset': '0',
  });
  expect(h.ready()).toBe(true);
});

test('a partition taken by another process: the chunk in hand is dropped, nothing is produced or committed', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  h.transport.fence(TOPIC, 0);
  h.send(add('f-1'));
  await new Promise((r) => setTimeout(r, 50));
  expect(h.read(REPLIES)).toHaveLength(0);
  expect(h.transport.committed.get(`${TOPIC}:0`)).toBeUndefined();
});

test("a chunk whose commit is fenced after the transport was released past it comes again when the partition is this process's again: nothing skipped", async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  const store = h.entities.counters!;
  const save = store.save.bind(store);
  let fenceOnce = true;
  store.save = async (writes) => {
    // The partition goes to another producer while the chunk is computed: its commit will be fenced.
    if (fenceOnce) h.transport.fence(TOPIC, 0);
    fenceOnce = false;
    return save(writes);
  };
  h.transport.hold();
  h.send(add('g-1', 'a'));
  h.send(add('g-2', 'b'));
  h.transport.release();
  await new Promise((r) => setTimeout(r, 50));
  expect(h.read(REPLIES)).toHaveLength(0);
  h.transport.unfence(TOPIC, 0);
  await h.settle();
  expect(h.read(REPLIES).map((m) => [m.value.requestId, m.value.messageCode])).toEqual([
    ['g-1', 'Success'],
    ['g-2', 'Success'],
  ]);
});

test('a commit that fails transiently is retried with the same replies: one answer', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'] });
  h.transport.failCommits(Object.assign(new Error('broker down'), { retriable: true }), new TransientError('again'));
  expect(await h.ask(add('c-1'))).toMatchObject({ messageCode: 'Success', n: 1 });
  expect(h.read(REPLIES)).toHaveLength(1);
});
