// OffsetFetch v7 as the Kafka protocol lays it out (a flexible version): the request opens
// with the request header's empty tagged fields (kafkajs writes header v1), then the group,
// the topics as compact arrays and require_stable set; the response's header tagged fields
// are skipped before its body, tagged fields anywhere are skipped, and an error code
// (UNSTABLE_OFFSET_COMMIT while a transaction is pending) becomes kafkajs's retriable error.
import { decodeStableOffsetFetch, encodeStableOffsetFetch, stableFetchError } from '../src/kafka/stable-offsets';
import { compact, i16, i32, i64, oneTag } from './protocol-bytes';

test('the request: header tagged fields, group, one topic with its partitions, require_stable, body tagged fields', () => {
  const bytes = (encodeStableOffsetFetch('g1', 'topic', [0, 2]) as unknown as { buffer: Buffer }).buffer;
  const want = Buffer.concat([
    Buffer.from([0]),
    compact('g1'),
    Buffer.from([2]),
    compact('topic'),
    Buffer.from([3]),
    i32(0),
    i32(2),
    Buffer.from([0]),
    Buffer.from([1]),
    Buffer.from([0]),
  ]);
  expect(bytes.toString('hex')).toBe(want.toString('hex'));
});

function response(partitions: { p: number; offset: bigint; error: number }[], groupError = 0): Buffer {
  return Buffer.concat([
    oneTag,
    i32(0),
    Buffer.from([2]),
    compact('topic'),
    Buffer.from([partitions.length + 1]),
    ...partitions.map((x) =>
      Buffer.concat([i32(x.p), i64(x.offset), i32(-1), Buffer.from([0]), i16(x.error), Buffer.from([0])]),
    ),
    oneTag,
    i16(groupError),
    Buffer.from([0]),
  ]);
}

test('the response: offsets read past every tagged field', () => {
  const r = decodeStableOffsetFetch(
    response([
      { p: 0, offset: 41n, error: 0 },
      { p: 2, offset: -1n, error: 0 },
    ]),
  );
  expect(r).toEqual({
    errorCode: 0,
    topics: [
      {
        topic: 'topic',
        partitions: [
          { partition: 0, offset: '41', errorCode: 0 },
          { partition: 2, offset: '-1', errorCode: 0 },
        ],
      },
    ],
  });
  expect(stableFetchError(r)).toBeUndefined();
});

test('a pending transaction (UNSTABLE_OFFSET_COMMIT, 88) is a retriable error; a group error is too', () => {
  const unstable = stableFetchError(decodeStableOffsetFetch(response([{ p: 0, offset: -1n, error: 88 }])));
  expect(unstable).toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT', retriable: true });
  const moved = stableFetchError(decodeStableOffsetFetch(response([], 16)));
  expect(moved).toMatchObject({ type: 'NOT_COORDINATOR_FOR_GROUP', retriable: true });
});
