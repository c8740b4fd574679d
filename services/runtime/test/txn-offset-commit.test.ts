// TxnOffsetCommit v3 as the Kafka protocol lays it out (a flexible version, KIP-447): the
// request opens with the request header's empty tagged fields, then the transactional id, the
// group, the producer id and epoch, the generation and member id the commit claims, no group
// instance id, and the offsets as compact arrays; the response's tagged fields are skipped.
// kafkajs's own call is answered with v3 only inside withGroupMetadata, and a broker that
// cannot fence (no v3) is refused rather than sent an unfenced commit.
import {
  decodeTxnOffsetCommit,
  encodeTxnOffsetCommit,
  txnOffsetCommitWithGeneration,
  withGroupMetadata,
} from '../src/kafka/txn-offset-commit';
import { SEND } from '../src/kafka/flexible-request';
import { compact, i16, i32, i64, oneTag } from './protocol-bytes';

const args = {
  transactionalId: 'tx',
  groupId: 'g',
  producerId: '4000000000',
  producerEpoch: 3,
  topics: [{ topic: 't', partitions: [{ partition: 2, offset: '10' }] }],
};
const meta = { generationId: 7, memberId: 'm-1' };

test('the request: transactional id, group, producer, the claimed generation and member, the offsets', () => {
  const bytes = encodeTxnOffsetCommit(args, meta).buffer;
  const want = Buffer.concat([
    Buffer.from([0]),
    compact('tx'),
    compact('g'),
    i64(4_000_000_000n),
    i16(3),
    i32(7),
    compact('m-1'),
    Buffer.from([0]), // no group instance id
    Buffer.from([2]), // one topic
    compact('t'),
    Buffer.from([2]), // one partition
    i32(2),
    i64(10n),
    i32(-1),
    Buffer.from([0]), // no metadata
    Buffer.from([0]),
    Buffer.from([0]),
    Buffer.from([0]),
  ]);
  expect(bytes.equals(want)).toBe(true);
});

test('the response: per partition its error code, tagged fields skipped wherever they are', () => {
  const raw = Buffer.concat([
    oneTag,
    i32(0),
    Buffer.from([3]),
    compact('a'),
    Buffer.from([2]),
    i32(0),
    i16(0),
    oneTag,
    oneTag,
    compact('b'),
    Buffer.from([2]),
    i32(1),
    i16(22), // ILLEGAL_GENERATION
    Buffer.from([0]),
    Buffer.from([0]),
    oneTag,
  ]);
  expect(decodeTxnOffsetCommit(raw)).toEqual({
    topics: [
      { topic: 'a', partitions: [{ partition: 0, errorCode: 0 }] },
      { topic: 'b', partitions: [{ partition: 1, errorCode: 22 }] },
    ],
  });
});

function fakeBroker(maxVersion: number) {
  const sent: { apiVersion: number; parse: (r: unknown) => Promise<unknown> }[] = [];
  const own: unknown[] = [];
  const proto = {
    versions: { 28: { maxVersion } },
    txnOffsetCommit: async (q: unknown) => void own.push(q),
    [SEND]: async (r: { request: { apiVersion: number }; response: { parse: (r: unknown) => Promise<unknown> } }) => {
      sent.push({ apiVersion: r.request.apiVersion, parse: r.response.parse });
      return {};
    },
  };
  txnOffsetCommitWithGeneration(proto as never);
  return { proto, sent, own };
}

test('outside withGroupMetadata kafkajs sends its own request; inside, v3', async () => {
  const { proto, sent, own } = fakeBroker(3);
  await proto.txnOffsetCommit(args);
  expect(own).toHaveLength(1);
  await withGroupMetadata(meta, () => proto.txnOffsetCommit(args));
  expect(sent.map((s) => s.apiVersion)).toEqual([3]);
  expect(own).toHaveLength(1);
  // A refusal of the claim becomes kafkajs's own error, with its type.
  const refusal = { topics: [{ topic: 't', partitions: [{ partition: 2, errorCode: 22 }] }] };
  await expect(sent[0]!.parse(refusal)).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
});

test('a broker without v3 is not sent an unfenced commit', async () => {
  const { proto, sent, own } = fakeBroker(1);
  await expect(withGroupMetadata(meta, () => proto.txnOffsetCommit(args))).rejects.toThrow(/TxnOffsetCommit v3/);
  expect(sent).toHaveLength(0);
  expect(own).toHaveLength(0);
});
