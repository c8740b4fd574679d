// Requests written without a call (prepare, then send): encoded before anything is
// written, a bad batch writing nothing, each request's partition and offset as the
// produce call answered them, send-only clients that open no reply consumer and share
// one producer (one produce call for what they send together), and only a client's own
// prepared requests written.
import { type Kafka, type PartitionerArgs, Partitioners, type ProducerConfig } from 'kafkajs';
import { MemoryCodec } from '@workers/runtime';
import { ClientClosedError, ContractError, KafkaClientTransport, MemoryClientTransport } from '../src';
import { AccountClient } from '../src/accounts';
import { cards, codec, FAST } from './memory-worker';

const lock = (n: number) => ({ cardNumber: `40001234123412${String(n).padStart(2, '0')}` });

test('prepare writes nothing; send writes in order and says where each landed; no reply is awaited', async () => {
  const t = new MemoryClientTransport();
  const c = await cards(t, { sendOnly: true });
  const prepared = await c.prepare([
    { operation: 'LockCard', payload: lock(1), options: { requestId: 'p-1', headers: { 'x-trace': 't1' } } },
    { operation: 'LockCard', payload: lock(2), options: { requestId: 'p-2', key: 'k2' } },
  ]);
  expect(t.sent).toHaveLength(0);
  expect(prepared.map((p) => [p.requestId, p.message.key, p.message.headers])).toEqual([
    ['p-1', lock(1).cardNumber, { 'x-trace': 't1', 'correlation-id': 'p-1' }],
    ['p-2', 'k2', { 'correlation-id': 'p-2' }],
  ]);
  const written = await c.send(prepared);
  expect(written).toEqual([
    { requestId: 'p-1', topic: 'alcs.card.requests', partition: 0, offset: '0' },
    { requestId: 'p-2', topic: 'alcs.card.requests', partition: 0, offset: '1' },
  ]);
  expect(MemoryCodec.read<{ requestId: string }>(t.sent[1]!.value).requestId).toBe('p-2');
  // Sent again as prepared: the same bytes, the same requestId.
  await c.send(prepared.slice(0, 1));
  expect(t.sent[2]).toBe(prepared[0]!.message);
  await c.close();
});

test('a batch with a request that cannot be keyed is refused whole; envelopes are prepared as written', async () => {
  const t = new MemoryClientTransport();
  const c = await cards(t, { sendOnly: true });
  await expect(
    c.prepare([
      { operation: 'LockCard', payload: lock(3) },
      { operation: 'LockCard', payload: { cardNumber: '' } },
    ]),
  ).rejects.toThrow(TypeError);
  const envelope = {
    requestId: 'e-1',
    sentAt: 7,
    source: 'POS',
    responseLanguage: null,
    operation: { 'alcs.card.LockCard': lock(4) },
  };
  const [p] = await c.prepareEnvelopes([{ envelope }]);
  expect(MemoryCodec.read(p!.message.value)).toEqual(envelope);
  await expect(c.prepareEnvelopes([{ envelope: { requestId: 'e-2' } }])).rejects.toThrow(TypeError);
  expect(t.sent).toHaveLength(0);
  await c.close();
});

test('send-only: no reply consumer, calls fail with ContractError; a further reply topic is named in its header', async () => {
  const t = new MemoryClientTransport();
  const c = await cards(t, {
    sendOnly: true,
    replyTopic: 'alcs.card.replies.pos',
    allowedReplyTopics: ['alcs.card.replies.pos'],
  });
  expect(() => t.reply(null, Buffer.from('x'), {})).toThrow('nobody listens');
  await expect(c.lockCard(lock(5))).rejects.toBeInstanceOf(ContractError);
  const [p] = await c.prepare([{ operation: 'LockCard', payload: lock(5), options: { requestId: 'r-1' } }]);
  expect(p!.message.headers).toEqual({ 'correlation-id': 'r-1', 'reply-topic': 'alcs.card.replies.pos' });
  await c.close();
});

test('send writes only what this client prepared, and nothing after close()', async () => {
  const t = new MemoryClientTransport();
  const a = await cards(t, { sendOnly: true });
  const b = await cards(t, { sendOnly: true });
  const [p] = await a.prepare([{ operation: 'LockCard', payload: lock(6) }]);
  await expect(b.send([p!])).rejects.toThrow(TypeError);
  await expect(
    a.send([{ requestId: 'forged', message: { ...p!.message, value: Buffer.from('junk') } }]),
  ).rejects.toThrow(TypeError);
  await a.close();
  await expect(a.send([p!])).rejects.toBeInstanceOf(ClientClosedError);
  expect(t.sent).toHaveLength(0);
  await b.close();
});

const PARTITIONS = [0, 1, 2].map((partitionId) => ({
  partitionId,
  leader: 0,
  replicas: [0],
  isr: [0],
  partitionErrorCode: 0,
}));

/** A kafkajs stand-in that places messages as kafkajs does (its partitioner) and answers each partition's first offset. */
function placingKafka(calls: { topic: string; keys: (string | null)[] }[][]): Kafka {
  const next = new Map<string, number>();
  const producer = (o: ProducerConfig) => {
    const place = o.createPartitioner!();
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: async (b: { topicMessages: { topic: string; messages: PartitionerArgs['message'][] }[] }) => {
        calls.push(b.topicMessages.map((tm) => ({ topic: tm.topic, keys: tm.messages.map((m) => m.key as string) })));
        const acks = [];
        for (const { topic, messages } of b.topicMessages) {
          const per = new Map<number, number>();
          for (const message of messages) {
            const p = place({ topic, partitionMetadata: PARTITIONS, message });
            per.set(p, (per.get(p) ?? 0) + 1);
          }
          for (const [partition, n] of per) {
            const base = next.get(`${topic}:${partition}`) ?? 100 * (partition + 1);
            next.set(`${topic}:${partition}`, base + n);
            acks.push({ topicName: topic, partition, errorCode: 0, baseOffset: String(base) });
          }
        }
        return acks;
      },
    };
  };
  return { producer } as unknown as Kafka;
}

test('send-only clients sharing a KafkaClientTransport: one produce call, each request its own partition and offset', async () => {
  const calls: { topic: string; keys: (string | null)[] }[][] = [];
  const transport = new KafkaClientTransport(placingKafka(calls), 'unused');
  const c = await cards(new MemoryClientTransport(), { sendOnly: true, transport });
  const accounts = await AccountClient.connect({ ...FAST, codec: codec(), sendOnly: true, transport });
  const cardsPrepared = await c.prepare(
    [1, 2, 3, 4, 5, 6].map((n) => ({ operation: 'LockCard' as const, payload: lock(n) })),
  );
  const [account] = await accounts.prepare([
    { operation: 'UpdateAccountContact', payload: { accountId: 'a-1', personalId: 'P-1', updatedBy: 'op' } },
  ]);
  const [written, [accountWritten]] = await Promise.all([c.send(cardsPrepared), accounts.send([account!])]);
  expect(calls).toEqual([
    [
      { topic: 'alcs.card.requests', keys: [1, 2, 3, 4, 5, 6].map((n) => lock(n).cardNumber) },
      { topic: 'crm.account.requests', keys: ['a-1'] },
    ],
  ]);
  const place = Partitioners.DefaultPartitioner();
  const partitionOf = (topic: string, key: string) =>
    place({ topic, partitionMetadata: PARTITIONS, message: { key, value: null } });
  const seen = new Map<number, number>();
  for (const [i, w] of written.entries()) {
    const partition = partitionOf('alcs.card.requests', lock(i + 1).cardNumber);
    const k = seen.get(partition) ?? 0;
    seen.set(partition, k + 1);
    expect(w).toEqual({
      requestId: cardsPrepared[i]!.requestId,
      topic: 'alcs.card.requests',
      partition,
      offset: String(100 * (partition + 1) + k),
    });
  }
  expect(seen.size).toBeGreaterThan(1);
  const accountPartition = partitionOf('crm.account.requests', 'a-1');
  expect(accountWritten).toMatchObject({ partition: accountPartition, offset: String(100 * (accountPartition + 1)) });
  await c.close();
  await accounts.close();
});
