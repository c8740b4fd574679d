// kafkajs's send step loses the messages of a partition whose leader moved to a broker
// that had already answered (kafkajs #1303); ours sends every partition until its own
// leader acknowledged it. Driven through kafkajs's own retrier with a two-broker cluster
// stand-in: broker 1 dies during the first attempt and its partition moves to broker 2.
import { createSendMessages, type SendMessagesDeps } from '../src/kafka/send-messages';

const createRetry = require('kafkajs/src/retry') as (o: Record<string, number>) => SendMessagesDeps['retrier'];
const kafkajsSendMessages = require('kafkajs/src/producer/sendMessages') as (
  d: SendMessagesDeps,
) => (a: Record<string, unknown>) => Promise<unknown[]>;

interface Produced {
  nodeId: number;
  partition: number;
  keys: string[];
  firstSequence: number;
}

class ConnectionClosed extends Error {
  override name = 'KafkaJSConnectionClosedError';
  retriable = true;
}

/** Two brokers; partition p led by broker p+1 until broker 1 dies (then broker 2 leads both). */
function cluster() {
  const produced: Produced[] = [];
  let broker1Dead = false;
  const leaders = (): Record<number, number> => (broker1Dead ? { 0: 2, 1: 2 } : { 0: 1, 1: 2 });
  const broker = (nodeId: number) => ({
    async produce(req: Record<string, unknown>) {
      const topicData = req.topicData as {
        topic: string;
        partitions: { partition: number; firstSequence: number; messages: { key: string }[] }[];
      }[];
      if (nodeId === 1 && !broker1Dead) {
        broker1Dead = true; // dies with the request in flight
        throw new ConnectionClosed('Closed connection');
      }
      for (const t of topicData)
        for (const p of t.partitions) {
          if (leaders()[p.partition] !== nodeId) throw Object.assign(new Error('not leader'), { retriable: true });
          produced.push({
            nodeId,
            partition: p.partition,
            keys: p.messages.map((m) => m.key),
            firstSequence: p.firstSequence,
          });
        }
      return {
        topics: topicData.map((t) => ({
          topicName: t.topic,
          partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })),
        })),
      };
    },
  });
  const brokers = new Map([1, 2].map((id) => [id, broker(id)]));
  const sequences = new Map<number, number>();
  const deps: SendMessagesDeps = {
    logger: { error: () => undefined, debug: () => undefined },
    partitioner: ({ message }: { message: { partition: number } }) => message.partition,
    retrier: createRetry({ retries: 5, initialRetryTime: 1, maxRetryTime: 5 }),
    eosManager: {
      isTransactional: () => false,
      getTransactionalId: () => '',
      getProducerId: () => 7,
      getProducerEpoch: () => 0,
      getSequence: (_t: string, p: number) => sequences.get(p) ?? 0,
      updateSequence: (_t: string, p: number, n: number) => void sequences.set(p, (sequences.get(p) ?? 0) + n),
      acquireBrokerLock: async () => undefined,
      releaseBrokerLock: async () => undefined,
      addPartitionsToTransaction: async () => undefined,
    },
    cluster: {
      refreshMetadataIfNecessary: async () => undefined,
      refreshMetadata: async () => undefined,
      addMultipleTargetTopics: async () => undefined,
      findTopicPartitionMetadata: () => [{ partitionId: 0 }, { partitionId: 1 }],
      findLeaderForPartitions: (_t: string, ps: number[]) => {
        const out: Record<string, number[]> = {};
        for (const p of ps) out[leaders()[p]!] = [...(out[leaders()[p]!] ?? []), Number(p)];
        return out;
      },
      findBroker: async ({ nodeId }: { nodeId: string }) => brokers.get(Number(nodeId))!,
      isConnected: () => true,
      connect: async () => undefined,
      removeBroker: () => undefined,
    },
  };
  return { deps, produced };
}

const send = {
  acks: -1,
  timeout: 30_000,
  compression: 0,
  topicMessages: [
    {
      topic: 't',
      messages: [
        { key: 'a', value: '1', partition: 0 },
        { key: 'b', value: '2', partition: 1 },
      ],
    },
  ],
};

test("kafkajs's own step resolves without ever sending the partition that moved (the bug this replaces)", async () => {
  const { deps, produced } = cluster();
  await kafkajsSendMessages(deps)(send);
  expect(produced.filter((p) => p.partition === 0)).toEqual([]);
});

test('ours sends the moved partition to its new leader, once, with the sequence it first took', async () => {
  const { deps, produced } = cluster();
  const acks = await createSendMessages(deps)(send);
  expect(produced.map((p) => [p.partition, p.nodeId, p.keys, p.firstSequence]).sort()).toEqual([
    [0, 2, ['a'], 0],
    [1, 2, ['b'], 0],
  ]);
  expect(acks).toHaveLength(2);
});
