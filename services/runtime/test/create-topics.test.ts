// createTopicsReady resolves only once every partition has a leader and answers its
// offsets, waiting through the answers a broker gives while it catches up, and fails
// on anything else or when the deadline passes.
import type { Admin } from 'kafkajs';
import { createTopicsReady } from '../src/kafka/create-topics';

const protocolError = (type: string): Error => Object.assign(new Error(type), { type });

/** An Admin whose metadata and offsets answers follow a script, one entry per call. */
function scriptedAdmin(metadata: (number[] | Error)[], offsets: (Error | null)[]) {
  const calls = { metadata: 0, offsets: 0, created: [] as string[] };
  const admin = {
    createTopics: async ({ topics }: { topics: { topic: string }[] }) => {
      calls.created.push(...topics.map((t) => t.topic));
      return true;
    },
    fetchTopicMetadata: async () => {
      const step = metadata[Math.min(calls.metadata++, metadata.length - 1)]!;
      if (step instanceof Error) throw step;
      return { topics: [{ name: 't', partitions: step.map((leader, partitionId) => ({ partitionId, leader })) }] };
    },
    fetchTopicOffsets: async () => {
      const step = offsets[Math.min(calls.offsets++, offsets.length - 1)];
      if (step) throw step;
      return [];
    },
  };
  return { admin: admin as unknown as Admin, calls };
}

test('waits through an unknown topic, a partition without a leader and a leader not yet serving', async () => {
  const { admin, calls } = scriptedAdmin(
    [protocolError('UNKNOWN_TOPIC_OR_PARTITION'), [0, -1], [0, 0]],
    [Object.assign(new Error('retries exceeded'), { originalError: protocolError('NOT_LEADER_FOR_PARTITION') }), null],
  );
  await createTopicsReady(admin, [{ topic: 't', numPartitions: 2 }]);
  expect(calls.created).toEqual(['t']);
  expect(calls.metadata).toBe(4);
  expect(calls.offsets).toBe(2);
});

test('another error is thrown at once', async () => {
  const { admin, calls } = scriptedAdmin([protocolError('TOPIC_AUTHORIZATION_FAILED')], [null]);
  await expect(createTopicsReady(admin, [{ topic: 't' }])).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
  expect(calls.metadata).toBe(1);
});

test('a partition that never gets a leader fails at the deadline', async () => {
  const { admin } = scriptedAdmin([[-1]], [null]);
  await expect(createTopicsReady(admin, [{ topic: 't' }], 100)).rejects.toThrow(
    'topics without a leader after 100 ms: t',
  );
});
