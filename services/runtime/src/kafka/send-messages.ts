// kafkajs's send step (src/producer/sendMessages.js), as kafkajs 2.2.4 ought to do it:
// every (topic, partition) is sent until its own leader acknowledged it.
//
// Why: kafkajs remembers which *broker* answered and, on a retry, sends only to the
// brokers without an answer. When a broker dies mid-send, its partitions move to the
// survivors; a survivor that had already answered for its own partitions is skipped,
// so the moved partitions are never sent and send() resolves all the same (kafkajs
// issue #1303, still open; the library is no longer maintained). A broker object
// replaced after a reconnect is "without an answer" and gets partitions it already
// took, again, with new sequence numbers: duplicates. Both were seen in our chaos runs
// on three brokers: upstream requests lost, replies written twice in one transaction.
//
// The contract is kafkajs's own (same arguments, same resolved value, the same
// errors retried or not), so it is installed in kafkajs's module cache in its place
// (produce-fix.ts). Idempotence holds as in kafkajs: a partition's sequence numbers
// are taken when its request is built and given back if that request fails, so a
// retry carries the same numbers and the broker drops what it already has.
import { createRequire } from 'node:module';

const kafkajs = createRequire(__filename);
const { KafkaJSMetadataNotLoaded } = kafkajs('kafkajs/src/errors') as {
  KafkaJSMetadataNotLoaded: new (message: string) => Error;
};
const { staleMetadata } = kafkajs('kafkajs/src/protocol/error') as { staleMetadata: (e: unknown) => boolean };
const groupMessagesPerPartition = kafkajs('kafkajs/src/producer/groupMessagesPerPartition') as (a: {
  topic: string;
  partitionMetadata: unknown[];
  messages: unknown[];
  partitioner: unknown;
}) => Record<string, unknown[]>;
const responseSerializer = kafkajs('kafkajs/src/producer/responseSerializer') as (r: unknown) => unknown[];

/** The parts of kafkajs's internals this uses (Cluster, Broker, EosManager, Retrier). */
interface Broker {
  produce(request: Record<string, unknown>): Promise<unknown>;
}
interface Cluster {
  refreshMetadataIfNecessary(): Promise<void>;
  refreshMetadata(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): unknown[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(q: { nodeId: string }): Promise<Broker>;
  isConnected(): boolean;
  connect(): Promise<void>;
  removeBroker(q: { host: string; port: number }): void;
}
interface EosManager {
  isTransactional(): boolean;
  getTransactionalId(): string;
  getProducerId(): number;
  getProducerEpoch(): number;
  getSequence(topic: string, partition: number): number;
  updateSequence(topic: string, partition: number, increment: number): void;
  acquireBrokerLock(broker: Broker): Promise<void>;
  releaseBrokerLock(broker: Broker): Promise<void>;
  addPartitionsToTransaction(topicData: unknown[]): Promise<void>;
}
interface Logger {
  error(message: string, extra?: Record<string, unknown>): void;
  debug(message: string, extra?: Record<string, unknown>): void;
}
type Retrier = <T>(fn: (bail: (e: unknown) => void, retryCount: number, retryTime: number) => Promise<T>) => Promise<T>;
interface KafkaError extends Error {
  retriable?: boolean;
  host?: string;
  port?: number;
}

export interface SendMessagesDeps {
  logger: Logger;
  cluster: Cluster;
  partitioner: unknown;
  eosManager: EosManager;
  retrier: Retrier;
}

export interface SendArgs {
  acks: number;
  timeout: number;
  compression: unknown;
  topicMessages: { topic: string; messages: unknown[] }[];
}

/** One partition's share of a send, until its leader acknowledged it. */
interface Share {
  topic: string;
  partition: number;
  messages: unknown[];
}

/** The shares of `topicMessages`, each message in the partition the partitioner gives it (once, so retries agree). */
function sharesOf(cluster: Cluster, partitioner: unknown, topicMessages: SendArgs['topicMessages']): Share[] {
  return topicMessages.flatMap(({ topic, messages }) => {
    const partitionMetadata = cluster.findTopicPartitionMetadata(topic);
    if (partitionMetadata.length === 0) {
      throw new KafkaJSMetadataNotLoaded('Producing to topic without metadata');
    }
    const per = groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner });
    return Object.entries(per).map(([p, ms]) => ({ topic, partition: Number(p), messages: ms }));
  });
}

/** The pending shares by their partitions' current leaders (node id). */
function byLeader(cluster: Cluster, pending: Iterable<Share>): Map<string, Share[]> {
  const out = new Map<string, Share[]>();
  for (const s of pending) {
    const leaders = cluster.findLeaderForPartitions(s.topic, [s.partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined) {
      throw new KafkaJSMetadataNotLoaded(`no leader known for ${s.topic}[${s.partition}]`);
    }
    out.set(nodeId, [...(out.get(nodeId) ?? []), s]);
  }
  return out;
}

export function createSendMessages({ logger, cluster, partitioner, eosManager, retrier }: SendMessagesDeps) {
  return async ({ acks, timeout, compression, topicMessages }: SendArgs): Promise<unknown[]> => {
    const topics = topicMessages.map(({ topic }) => topic);
    const pending = new Map<string, Share>();
    const acknowledged: unknown[] = [];
    let split = false;

    /** Sends `shares` to their leader `nodeId`; on success they leave `pending`. */
    const sendTo = async (nodeId: string, shares: Share[]): Promise<void> => {
      const broker = await cluster.findBroker({ nodeId });
      const byTopic = new Map<string, Share[]>();
      for (const s of shares) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
      const topicData = [...byTopic].map(([topic, ss]) => ({
        topic,
        partitions: ss.map((s) => ({ partition: s.partition, messages: s.messages }) as Record<string, unknown>),
      }));
      await eosManager.acquireBrokerLock(broker);
      try {
        if (eosManager.isTransactional()) await eosManager.addPartitionsToTransaction(topicData);
        for (const { topic, partitions } of topicData)
          for (const entry of partitions) {
            const partition = entry.partition as number;
            entry.firstSequence = eosManager.getSequence(topic, partition);
            eosManager.updateSequence(topic, partition, (entry.messages as unknown[]).length);
          }
        let response: unknown;
        try {
          response = await broker.produce({
            transactionalId: eosManager.isTransactional() ? eosManager.getTransactionalId() : undefined,
            producerId: eosManager.getProducerId(),
            producerEpoch: eosManager.getProducerEpoch(),
            acks,
            timeout,
            compression,
            topicData,
          });
        } catch (e) {
          for (const { topic, partitions } of topicData)
            for (const entry of partitions)
              eosManager.updateSequence(topic, entry.partition as number, -(entry.messages as unknown[]).length);
          throw e;
        }
        acknowledged.push(...(acks !== 0 ? responseSerializer(response) : []));
        for (const s of shares) pending.delete(`${s.topic}:${s.partition}`);
      } finally {
        await eosManager.releaseBrokerLock(broker);
      }
    };

    return retrier(async (bail, retryCount, retryTime) => {
      await cluster.addMultipleTargetTopics(topics);
      try {
        await cluster.refreshMetadataIfNecessary();
        if (!split) {
          for (const s of sharesOf(cluster, partitioner, topicMessages)) pending.set(`${s.topic}:${s.partition}`, s);
          split = true;
        }
        const results = await Promise.allSettled(
          [...byLeader(cluster, pending.values())].map(([nodeId, shares]) => sendTo(nodeId, shares)),
        );
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        return acknowledged;
      } catch (err) {
        const e = err as KafkaError;
        if (e.name === 'KafkaJSConnectionClosedError' && e.host !== undefined && e.port !== undefined) {
          cluster.removeBroker({ host: e.host, port: e.port });
        }
        if (!cluster.isConnected()) {
          logger.debug(`Cluster has disconnected, reconnecting: ${e.message}`, { retryCount, retryTime });
          await cluster.connect();
          await cluster.refreshMetadata();
          throw e;
        }
        if (
          staleMetadata(e) ||
          e.name === 'KafkaJSMetadataNotLoaded' ||
          e.name === 'KafkaJSConnectionError' ||
          e.name === 'KafkaJSConnectionClosedError' ||
          (e.name === 'KafkaJSProtocolError' && e.retriable)
        ) {
          logger.error(`Failed to send messages: ${e.message}`, { retryCount, retryTime });
          await cluster.refreshMetadata();
          throw e;
        }
        logger.error(`${e.message}`, { retryCount, retryTime });
        if (e.retriable) throw e;
        bail(e);
        return acknowledged;
      }
    });
  };
}
