// Offsets committed in a transaction with the consumer group's generation and member id:
// TxnOffsetCommit v3 (KIP-447), which kafkajs (2.2.4) cannot send; it speaks v0 and v1, which
// carry neither. With them the group coordinator refuses the commit of a process that is no
// longer the member it was when it fetched (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID), and the
// transaction, replies included, is aborted: the fencing one transactional producer per
// process rests on (poll-commits.ts), instead of one transactional id per input partition.
//
// kafkajs's transactional producer sends the request from inside `sendOffsets` (after its
// AddOffsetsToTxn, with its producer id and epoch, retried on its own coordinator errors).
// The patch below answers that call with v3 when the caller runs inside `withGroupMetadata`,
// which carries the generation and member id down the async call chain; any other call goes
// to kafkajs's own request as before.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  BrokerClass,
  DecoderClass,
  EncoderClass,
  type Encoder,
  firstError,
  type ProtocolRequest,
  SEND,
  type SendingBroker,
  readTopics,
  skipTaggedFields,
} from './flexible-request';

const TXN_OFFSET_COMMIT = 28;
const VERSION = 3;

/** The consumer's membership a commit claims: the broker refuses it once either is out of date. */
export interface GroupMetadata {
  generationId: number;
  memberId: string;
}

/** kafkajs's arguments to Broker.txnOffsetCommit. */
export interface TxnOffsetCommitArgs {
  transactionalId: string;
  groupId: string;
  producerId: string | number;
  producerEpoch: number;
  topics: { topic: string; partitions: { partition: number; offset: string | number; metadata?: string | null }[] }[];
}

export interface TxnOffsetCommitResponse {
  topics: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}

const membership = new AsyncLocalStorage<GroupMetadata>();

/** Runs `fn` so that the transactional offset commits it makes claim `meta`. */
export function withGroupMetadata<T>(meta: GroupMetadata, fn: () => Promise<T>): Promise<T> {
  return membership.run(meta, fn);
}

/** The v3 body, the request header's tagged fields first (flexible-request.ts). */
export function encodeTxnOffsetCommit(q: TxnOffsetCommitArgs, meta: GroupMetadata): Encoder {
  const topics = q.topics.map((t) =>
    new EncoderClass()
      .writeUVarIntString(t.topic)
      .writeUVarIntArray(
        t.partitions.map((p) =>
          new EncoderClass()
            .writeInt32(p.partition)
            .writeInt64(p.offset)
            .writeInt32(-1) // committed_leader_epoch: not known to kafkajs
            .writeUVarIntString(p.metadata ?? null)
            .writeUVarInt(0),
        ),
      )
      .writeUVarInt(0),
  );
  return new EncoderClass()
    .writeUVarInt(0)
    .writeUVarIntString(q.transactionalId)
    .writeUVarIntString(q.groupId)
    .writeInt64(q.producerId)
    .writeInt16(q.producerEpoch)
    .writeInt32(meta.generationId)
    .writeUVarIntString(meta.memberId)
    .writeUVarIntString(null) // group_instance_id: no static membership
    .writeUVarIntArray(topics)
    .writeUVarInt(0);
}

/** The response after the correlation id: the response header's tagged fields, then the v3 body. */
export function decodeTxnOffsetCommit(raw: Buffer): TxnOffsetCommitResponse {
  const d = new DecoderClass(raw);
  skipTaggedFields(d);
  d.readInt32(); // throttle_time_ms
  const topics = readTopics(d, (pd) => {
    const partition = pd.readInt32();
    const errorCode = pd.readInt16();
    skipTaggedFields(pd);
    return { partition, errorCode };
  });
  skipTaggedFields(d);
  return { topics };
}

function protocolRequest(q: TxnOffsetCommitArgs, meta: GroupMetadata): ProtocolRequest<TxnOffsetCommitResponse> {
  return {
    request: {
      apiKey: TXN_OFFSET_COMMIT,
      apiVersion: VERSION,
      apiName: 'TxnOffsetCommit',
      encode: async () => encodeTxnOffsetCommit(q, meta),
    },
    response: {
      decode: async (raw: Buffer) => decodeTxnOffsetCommit(raw),
      parse: async (r: TxnOffsetCommitResponse) => {
        const err = firstError(r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode)));
        if (err) throw err;
        return r;
      },
    },
  };
}

type Committing = SendingBroker & { txnOffsetCommit(q: TxnOffsetCommitArgs): Promise<unknown> };
const patched = Symbol('txn-offset-commit-v3');

/** Installs the behaviour above on kafkajs's Broker (or `proto`); idempotent. */
export function txnOffsetCommitWithGeneration(
  proto: Committing & { [patched]?: true } = BrokerClass.prototype as Committing,
): void {
  if (proto[patched]) return;
  const original = proto.txnOffsetCommit;
  if (typeof original !== 'function') throw new TypeError('kafkajs Broker has no txnOffsetCommit: check its version');
  proto.txnOffsetCommit = async function (this: Committing, q: TxnOffsetCommitArgs): Promise<unknown> {
    const meta = membership.getStore();
    if (!meta) return original.call(this, q);
    // Without v3 the commit would go out unfenced: refused rather than sent.
    if ((this.versions?.[TXN_OFFSET_COMMIT]?.maxVersion ?? 0) < VERSION)
      throw new Error('the broker cannot fence transactional offset commits (TxnOffsetCommit v3, Kafka 2.5+)');
    return this[SEND]!(protocolRequest(q, meta));
  };
  proto[patched] = true;
}
