// A Kafka transaction says how long sending its replies and events took (the step `produce`);
// the offsets and the transaction's end are the rest (`commit`). Nothing sent: 0. With nothing
// sent, the offsets open the transaction and are asked again while the coordinator is still
// completing the last one. The offsets of several partitions go in one request.
import '../src/produce-fix';
import type { Producer } from 'kafkajs';
import { transact } from '../src/kafka/transact';

function producer(sendMs: number) {
  const calls: string[] = [];
  const tx = {
    sendBatch: async () => {
      calls.push('sendBatch');
      await new Promise((r) => setTimeout(r, sendMs));
    },
    sendOffsets: async () => void calls.push('sendOffsets'),
    commit: async () => void calls.push('commit'),
    abort: async () => void calls.push('abort'),
  };
  return { calls, p: { transaction: async () => tx } as unknown as Producer };
}

const reply = { topic: 'r', key: 'k', value: Buffer.from('v'), headers: {} };

test('the time of sendBatch is the produce part of the transaction', async () => {
  const { calls, p } = producer(30);
  const { produceMs } = await transact(p, 'g', [reply, reply], [{ topic: 't', partition: 0, lastOffset: '5' }]);
  expect(calls).toEqual(['sendBatch', 'sendOffsets', 'commit']);
  expect(produceMs).toBeGreaterThanOrEqual(25);
  expect(produceMs).toBeLessThan(1_000);
});

test('a transaction with nothing to send produced for 0 ms', async () => {
  const { calls, p } = producer(30);
  await expect(transact(p, 'g', [], [{ topic: 't', partition: 0, lastOffset: '5' }])).resolves.toEqual({
    produceMs: 0,
  });
  expect(calls).toEqual(['sendOffsets', 'commit']);
});

test('with nothing sent, AddOffsetsToTxn answered CONCURRENT_TRANSACTIONS (the last commit markers) is asked again', async () => {
  const calls: string[] = [];
  let refusals = 3;
  const tx = {
    sendOffsets: async () => {
      calls.push('sendOffsets');
      if (refusals-- > 0)
        throw Object.assign(new Error('concurrent'), { type: 'CONCURRENT_TRANSACTIONS', retriable: true });
    },
    commit: async () => void calls.push('commit'),
    abort: async () => void calls.push('abort'),
  };
  const p = { transaction: async () => tx } as unknown as Producer;
  await transact(p, 'g', [], [{ topic: 't', partition: 0, lastOffset: '5' }]);
  expect(calls).toEqual(['sendOffsets', 'sendOffsets', 'sendOffsets', 'sendOffsets', 'commit']);
});

test('any other refusal of the offsets aborts the transaction and is thrown', async () => {
  const calls: string[] = [];
  const tx = {
    sendOffsets: async () => {
      calls.push('sendOffsets');
      throw Object.assign(new Error('fenced'), { type: 'INVALID_PRODUCER_EPOCH' });
    },
    commit: async () => void calls.push('commit'),
    abort: async () => void calls.push('abort'),
  };
  const p = { transaction: async () => tx } as unknown as Producer;
  await expect(transact(p, 'g', [], [{ topic: 't', partition: 0, lastOffset: '5' }])).rejects.toThrow('fenced');
  expect(calls).toEqual(['sendOffsets', 'abort']);
});

test('the offsets of several partitions go in one request, by topic, each past its last offset', async () => {
  let asked: unknown;
  const tx = {
    sendOffsets: async (q: unknown) => {
      asked = q;
    },
    commit: async () => undefined,
    abort: async () => undefined,
  };
  const p = { transaction: async () => tx } as unknown as Producer;
  await transact(
    p,
    'g',
    [],
    [
      { topic: 'a', partition: 0, lastOffset: '5' },
      { topic: 'b', partition: 3, lastOffset: '9' },
      { topic: 'a', partition: 2, lastOffset: '1' },
    ],
  );
  expect(asked).toEqual({
    consumerGroupId: 'g',
    topics: [
      {
        topic: 'a',
        partitions: [
          { partition: 0, offset: '6' },
          { partition: 2, offset: '2' },
        ],
      },
      { topic: 'b', partitions: [{ partition: 3, offset: '10' }] },
    ],
  });
});
