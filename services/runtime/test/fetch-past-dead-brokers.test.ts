// A broker that cannot be reached makes its own fetch come back empty after a pause and a
// metadata refresh (so the other brokers' fetchers go on, and a fenced broker leaves the node
// list), instead of failing every fetcher; any other error keeps kafkajs's own handling; the
// patch of kafkajs's ConsumerGroup finds the method it wraps.
import { fetchPastDeadBrokers, type FetchingGroup } from '../src/kafka/fetch-past-dead-brokers';

function fakeGroup() {
  const calls: string[] = [];
  class Group implements FetchingGroup {
    cluster = { refreshMetadata: async () => void calls.push('refresh') };
    logger = { warn: (m: string) => void calls.push(`warn: ${m}`) };
    async recoverFromFetch(e: unknown): Promise<void> {
      calls.push(`kafkajs: ${(e as Error).name}`);
      throw e;
    }
  }
  fetchPastDeadBrokers(Group.prototype, 5);
  return { group: new Group(), calls, Group };
}

const named = (name: string) => Object.assign(new Error(name), { name });

test.each(['KafkaJSConnectionError', 'KafkaJSRequestTimeoutError'])(
  '%s: refreshed after a pause, the fetch answered empty, nothing thrown',
  async (name) => {
    const { group, calls } = fakeGroup();
    const started = Date.now();
    await expect(group.recoverFromFetch(named(name))).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(4);
    expect(calls).toEqual([expect.stringMatching(/^warn: Fetch from a broker failed/), 'refresh']);
  },
);

test('a failed refresh is not thrown either: the next fetch asks again', async () => {
  const { group, calls } = fakeGroup();
  group.cluster.refreshMetadata = async () => {
    calls.push('refresh failed');
    throw named('KafkaJSConnectionError');
  };
  await expect(group.recoverFromFetch(named('KafkaJSConnectionError'))).resolves.toBeUndefined();
  expect(calls.at(-1)).toBe('refresh failed');
});

test.each(['KafkaJSConnectionClosedError', 'KafkaJSProtocolError', 'TypeError'])(
  '%s: kafkajs handles it',
  async (name) => {
    const { group, calls } = fakeGroup();
    await expect(group.recoverFromFetch(named(name))).rejects.toThrow(name);
    expect(calls).toEqual([`kafkajs: ${name}`]);
  },
);

test('installed twice, wrapped once; kafkajs has the method', () => {
  const { group, calls, Group } = fakeGroup();
  fetchPastDeadBrokers(Group.prototype, 5);
  return group.recoverFromFetch(named('TypeError')).catch(() => {
    expect(calls).toEqual(['kafkajs: TypeError']);
    expect(() => fetchPastDeadBrokers()).not.toThrow();
  });
});
