// A coordinator found once is asked again without a look-up, until a request to it
// fails (other than with an error the right coordinator gives), its connection is down or the ttl passes; keys and kinds do not mix; the
// patch of kafkajs's Cluster finds the method it wraps.
import { cacheKafkajsCoordinators, cachedCoordinators, type CoordinatorQuery } from '../src/kafka/coordinator-cache';

class FakeBroker {
  connected = true;
  constructor(readonly nodeId: number) {}
  isConnected(): boolean {
    return this.connected;
  }
  async endTxn(fail: boolean | string): Promise<string> {
    if (typeof fail === 'string') throw Object.assign(new Error(fail), { type: fail });
    if (fail) throw new Error('NOT_COORDINATOR');
    return `ok from ${this.nodeId}`;
  }
}

function setup() {
  let node = 0;
  const lookups: CoordinatorQuery[] = [];
  let clock = 0;
  const find = cachedCoordinators(
    async (q) => {
      lookups.push(q);
      return new FakeBroker(++node);
    },
    1_000,
    () => clock,
  );
  return { find, lookups, advance: (ms: number) => (clock += ms) };
}

const txn = { groupId: 'tx-1', coordinatorType: 1 };

test('the second look-up of a coordinator is answered from memory, and requests reach the same broker', async () => {
  const { find, lookups } = setup();
  const a = await find(txn);
  const b = await find(txn);
  expect(lookups).toHaveLength(1);
  expect(b.nodeId).toBe(a.nodeId);
  await expect(b.endTxn(false)).resolves.toBe('ok from 1');
  expect(b).toBeInstanceOf(FakeBroker);
});

test('a failed request makes the next look-up go to the cluster again', async () => {
  const { find, lookups } = setup();
  const a = await find(txn);
  await expect(a.endTxn(true)).rejects.toThrow('NOT_COORDINATOR');
  const b = await find(txn);
  expect(lookups).toHaveLength(2);
  expect(b.nodeId).toBe(2);
  // A late failure on the forgotten broker does not forget its successor.
  await expect(a.endTxn(true)).rejects.toThrow();
  await find(txn);
  expect(lookups).toHaveLength(2);
});

test('an error the right coordinator gives (a transaction still completing, fencing) keeps it', async () => {
  const { find, lookups } = setup();
  const a = await find(txn);
  await expect(a.endTxn('CONCURRENT_TRANSACTIONS')).rejects.toThrow();
  await expect(a.endTxn('INVALID_PRODUCER_EPOCH')).rejects.toThrow();
  await find(txn);
  expect(lookups).toHaveLength(1);
  await expect(a.endTxn('NOT_COORDINATOR')).rejects.toThrow();
  await find(txn);
  expect(lookups).toHaveLength(2);
});

test('a disconnected coordinator, or one remembered longer than the ttl, is looked up again', async () => {
  const { find, lookups, advance } = setup();
  const a = await find(txn);
  a.connected = false;
  await find(txn);
  expect(lookups).toHaveLength(2);
  advance(999);
  await find(txn);
  expect(lookups).toHaveLength(2);
  advance(2);
  await find(txn);
  expect(lookups).toHaveLength(3);
});

test('coordinators of other keys and of the other kind are looked up separately', async () => {
  const { find, lookups } = setup();
  await find(txn);
  await find({ groupId: 'tx-2', coordinatorType: 1 });
  await find({ groupId: 'tx-1', coordinatorType: 0 });
  await find({ groupId: 'tx-1' });
  expect(lookups).toHaveLength(3);
});

test("kafkajs's Cluster has the method the cache wraps, and installing twice wraps it once", () => {
  cacheKafkajsCoordinators();
  const proto = require('kafkajs/src/cluster').prototype;
  const installed = proto.findGroupCoordinator;
  cacheKafkajsCoordinators();
  expect(proto.findGroupCoordinator).toBe(installed);
  expect(typeof installed).toBe('function');
});
