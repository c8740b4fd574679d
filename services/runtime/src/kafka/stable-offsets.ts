// A group's committed offset as KIP-447's consumers ask for it: OffsetFetch v7 with
// `require_stable`. kafkajs (2.2.4, no longer maintained) speaks OffsetFetch up to v4, which
// the group coordinator answers from the offsets it has applied: an offset committed in a
// transaction whose markers are not yet written, or written and not yet applied (the
// coordinator applies them on a thread of its own), is left out and the offset before it
// answered. A process taking a partition over and reading that would answer again what the
// previous owner answered (docs/reliability.md, the take-over residual). Asked with
// `require_stable`, the coordinator answers UNSTABLE_OFFSET_COMMIT while such a transaction
// is pending, and this asks again until it has settled. With one producer per partition the
// take-over fences the previous owner before it asks (partition-producers.ts), which aborts
// or completes its transaction, so the wait is a marker round trip. With one per process
// (poll-commits.ts) the previous owner completes it, or the coordinator aborts it at its
// timeout (10 s), which the default session timeout (the time before the group gives a
// silent process's partitions away, 30 s) outlasts.
//
// v7 is a flexible version, sent through kafkajs's connection (flexible-request.ts).
import type { Kafka } from 'kafkajs';
import { backoffDelay, sleep } from '../backoff';
import {
  DecoderClass,
  EncoderClass,
  type Encoder,
  firstError,
  type ProtocolRequest,
  SEND,
  type SendingBroker,
  readTopics,
  skipTaggedFields,
  symbolNamed,
} from './flexible-request';

const OFFSET_FETCH = 9;
const VERSION = 7;

export interface StablePartition {
  partition: number;
  /** -1: the group committed none. */
  offset: string;
  errorCode: number;
}
export interface StableOffsetFetchResponse {
  errorCode: number;
  topics: { topic: string; partitions: StablePartition[] }[];
}

/** The request's body, the request header's tagged fields first (see above). */
export function encodeStableOffsetFetch(groupId: string, topic: string, partitions: number[]): Encoder {
  const t = new EncoderClass()
    .writeUVarIntString(topic)
    .writeUVarIntArray(partitions.map((p) => new EncoderClass().writeInt32(p)))
    .writeUVarInt(0);
  return new EncoderClass()
    .writeUVarInt(0)
    .writeUVarIntString(groupId)
    .writeUVarIntArray([t])
    .writeBoolean(true)
    .writeUVarInt(0);
}

/** The response after the correlation id: the response header's tagged fields, then the v7 body. */
export function decodeStableOffsetFetch(raw: Buffer): StableOffsetFetchResponse {
  const d = new DecoderClass(raw);
  skipTaggedFields(d);
  d.readInt32(); // throttle_time_ms: a quota this client is never given
  const topics = readTopics(d, (pd) => {
    const partition = pd.readInt32();
    const offset = pd.readInt64().toString();
    pd.readInt32(); // committed_leader_epoch
    pd.readUVarIntString(); // metadata
    const errorCode = pd.readInt16();
    skipTaggedFields(pd);
    return { partition, offset, errorCode };
  });
  const errorCode = d.readInt16();
  skipTaggedFields(d);
  return { errorCode, topics };
}

/** The first error of a response (the group's, else a partition's), as kafkajs's own error with its `retriable`. */
export function stableFetchError(r: StableOffsetFetchResponse): Error | undefined {
  return firstError([r.errorCode, ...r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode))]);
}

/** A request as kafkajs's connection sends one. */
function protocolRequest(
  groupId: string,
  topic: string,
  partitions: number[],
): ProtocolRequest<StableOffsetFetchResponse> {
  return {
    request: {
      apiKey: OFFSET_FETCH,
      apiVersion: VERSION,
      apiName: 'OffsetFetch',
      encode: async () => encodeStableOffsetFetch(groupId, topic, partitions),
    },
    response: {
      decode: async (raw: Buffer) => decodeStableOffsetFetch(raw),
      parse: async (r: StableOffsetFetchResponse) => {
        const err = stableFetchError(r);
        if (err) throw err;
        return r;
      },
    },
    // kafkajs would log every refusal at error; UNSTABLE_OFFSET_COMMIT is an answer to wait on.
    logResponseError: false,
  };
}

/** The parts of kafkajs's Cluster and Broker this uses. */
interface KafkaBroker extends SendingBroker {
  offsetFetch(q: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }>;
}
interface KafkaCluster {
  isConnected(): boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(q: { groupId: string }): Promise<KafkaBroker>;
}

export interface StableOffsetsOptions {
  /** How long UNSTABLE_OFFSET_COMMIT, a moving coordinator or a lost connection is retried before the error is thrown. */
  deadlineMs?: number;
}

export class StableOffsets {
  private cluster?: KafkaCluster;
  private readonly deadlineMs: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    o: StableOffsetsOptions = {},
  ) {
    this.deadlineMs = o.deadlineMs ?? 15_000;
  }

  /**
   * The group's committed offset of the partition, no transaction pending (-1n: none
   * committed). A broker older than Kafka 2.5 (no v7) is asked with kafkajs's own v4.
   */
  async committed(topic: string, partition: number): Promise<bigint> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(topic, partition);
      } catch (err) {
        const retriable = (err as { retriable?: unknown } | null)?.retriable === true;
        if (!retriable || Date.now() - started >= this.deadlineMs) throw err;
        await sleep(backoffDelay(attempt, { baseMs: 20, capMs: 1_000 }));
      }
    }
  }

  private async once(topic: string, partition: number): Promise<bigint> {
    const cluster = await this.connected();
    const broker = await cluster.findGroupCoordinator({ groupId: this.groupId });
    if ((broker.versions?.[OFFSET_FETCH]?.maxVersion ?? 0) < VERSION) {
      const { responses } = await broker.offsetFetch({
        groupId: this.groupId,
        topics: [{ topic, partitions: [{ partition }] }],
      });
      return BigInt(responses[0]?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
    }
    const r = await broker[SEND]!(protocolRequest(this.groupId, topic, [partition]));
    return BigInt(r.topics[0]?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
  }

  private async connected(): Promise<KafkaCluster> {
    if (!this.cluster) {
      const create = (this.kafka as unknown as Record<symbol, (o: object) => KafkaCluster>)[
        symbolNamed(this.kafka, 'private:Kafka:createCluster')
      ]!;
      this.cluster = create({ allowAutoTopicCreation: false });
    }
    if (!this.cluster.isConnected()) await this.cluster.connect();
    return this.cluster;
  }

  async close(): Promise<void> {
    await this.cluster?.disconnect().catch(() => undefined);
    this.cluster = undefined;
  }
}
