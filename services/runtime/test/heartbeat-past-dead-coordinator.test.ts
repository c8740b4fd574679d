// A heartbeat that cannot reach the group coordinator is skipped (not thrown into kafkajs's
// fetch loop, which would crash the consumer after five retries), the coordinator is looked up
// again for the next one, and the next attempt waits an interval; any other error (a rebalance,
// an unknown member) keeps kafkajs's own handling; kafkajs's ConsumerGroup has the method.
import { heartbeatPastDeadCoordinator, type HeartbeatingGroup } from '../src/kafka/heartbeat-past-dead-coordinator';

const named = (name: string) => Object.assign(new Error(name), { name });

function fakeGroup(fail: () => Error | undefined) {
  const calls: string[] = [];
  class Group implements HeartbeatingGroup {
    groupId = 'g';
    coordinator: unknown = 'dead';
    lastRequest = 0;
    cluster = {
      findGroupCoordinator: async (q: { groupId: string }) => {
        calls.push(`find ${q.groupId}`);
        return 'alive';
      },
    };
    logger = { warn: (m: string) => void calls.push(`warn: ${m}`) };
    async heartbeat(_o: { interval: number }): Promise<void> {
      calls.push(`heartbeat to ${String(this.coordinator)}`);
      const err = fail();
      if (err) throw err;
    }
  }
  heartbeatPastDeadCoordinator(Group.prototype);
  return { group: new Group(), calls, Group };
}

test.each(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError'])(
  '%s: skipped, the coordinator looked up again, the next heartbeat goes to it',
  async (name) => {
    let failures = 1;
    const { group, calls } = fakeGroup(() => (failures-- > 0 ? named(name) : undefined));
    const before = Date.now();
    await expect(group.heartbeat({ interval: 3000 })).resolves.toBeUndefined();
    expect(group.lastRequest).toBeGreaterThanOrEqual(before);
    await group.heartbeat({ interval: 3000 });
    expect(calls).toEqual([
      'heartbeat to dead',
      expect.stringMatching(/^warn: Heartbeat skipped: the group coordinator cannot be reached/),
      'find g',
      'heartbeat to alive',
    ]);
  },
);

test('a failed look-up is not thrown either: the coordinator stays, the next heartbeat tries again', async () => {
  const { group, calls } = fakeGroup(() => named('KafkaJSConnectionError'));
  group.cluster.findGroupCoordinator = async () => {
    calls.push('find failed');
    throw named('KafkaJSConnectionError');
  };
  await expect(group.heartbeat({ interval: 3000 })).resolves.toBeUndefined();
  expect(group.coordinator).toBe('dead');
  expect(calls.at(-1)).toBe('find failed');
});

test.each(['KafkaJSProtocolError', 'TypeError'])('%s: thrown to kafkajs as before', async (name) => {
  const { group, calls } = fakeGroup(() => named(name));
  await expect(group.heartbeat({ interval: 3000 })).rejects.toThrow(name);
  expect(calls).toEqual(['heartbeat to dead']);
});

test('installed twice, wrapped once; kafkajs has the method', async () => {
  const { group, calls, Group } = fakeGroup(() => named('TypeError'));
  heartbeatPastDeadCoordinator(Group.prototype);
  await expect(group.heartbeat({ interval: 1 })).rejects.toThrow('TypeError');
  expect(calls).toEqual(['heartbeat to dead']);
  expect(() => heartbeatPastDeadCoordinator()).not.toThrow();
});
