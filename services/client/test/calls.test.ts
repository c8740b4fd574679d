// Calls started without awaiting the answer: `sent` says when the request was written
// (and never rejects unhandled), a batch goes in one produce call, a caller may name the
// key and add headers but not replace the client's own, an operator's whole envelope is
// sent as written, and the answer carries the reply message as read.
import type { Kafka } from 'kafkajs';
import { KafkaClientTransport, MemoryClientTransport, RequestTimeoutError } from '../src';
import { answer, cards, FAST } from './memory-worker';

const lock = (n: number) => ({ cardNumber: `40001234123412${String(n).padStart(2, '0')}` });

test('start: sent resolves once written, the answer carries the reply message as read', async () => {
  const t = new MemoryClientTransport((m, tt) => answer(tt, m));
  const c = await cards(t, { timeoutMs: 2_000 });
  const call = c.start('LockCard', lock(1), { requestId: 'start-1' });
  expect(call.requestId).toBe('start-1');
  const sentAt = await call.sent;
  const a = await call.answer;
  expect(a.sentAt).toBeLessThanOrEqual(sentAt);
  expect([a.code, a.received.topic, a.received.key, a.received.headers['correlation-id']]).toEqual([
    'Success',
    'alcs.card.replies',
    lock(1).cardNumber,
    'start-1',
  ]);
  await c.close();
});

test('start: nothing written → sent rejects as the answer does; ignoring it is no unhandled rejection', async () => {
  const t = new MemoryClientTransport();
  const c = await cards(t);
  t.failSends = 2;
  // Only the answer of this one is awaited: its rejected `sent` goes unwatched.
  const ignored = expect(c.start('LockCard', lock(2)).answer).rejects.toMatchObject({ state: 'NotSent' });
  const watched = c.start('LockCard', lock(3));
  await expect(watched.sent).rejects.toBeInstanceOf(RequestTimeoutError);
  await expect(watched.answer).rejects.toMatchObject({ state: 'NotSent' });
  await ignored;
  // A request that cannot be keyed fails both promises, nothing sent.
  const bad = c.start('LockCard', { cardNumber: '' });
  await expect(bad.sent).rejects.toThrow(TypeError);
  await expect(bad.answer).rejects.toThrow(TypeError);
  expect(t.sent).toHaveLength(0);
  await c.close();
});

test('a caller may name the key and add headers, but not the client’s own (nothing sent then)', async () => {
  const t = new MemoryClientTransport((m, tt) => answer(tt, m));
  const c = await cards(t, { timeoutMs: 2_000 });
  await c.lockCard(lock(4), { requestId: 'keyed-1', key: 'another-key', headers: { 'x-trace': 't1' } });
  expect([t.sent[0]!.key, t.sent[0]!.headers]).toEqual([
    'another-key',
    { 'x-trace': 't1', 'correlation-id': 'keyed-1' },
  ]);
  for (const own of ['correlation-id', 'reply-topic'])
    await expect(c.lockCard(lock(4), { headers: { [own]: 'forged' } })).rejects.toThrow(TypeError);
  expect(t.sent).toHaveLength(1);
  await c.close();
});

test('startEnvelope sends an operator’s envelope as written, keyed by its operation; a foreign operation is refused', async () => {
  const t = new MemoryClientTransport((m, tt) => answer(tt, m));
  const c = await cards(t, { timeoutMs: 2_000 });
  const envelope = {
    requestId: 'env-1',
    sentAt: 7,
    source: 'POS',
    responseLanguage: null,
    operation: { 'alcs.card.LockCard': lock(5) },
  };
  const a = await c.startEnvelope(envelope).answer;
  expect([a.code, t.sent[0]!.key, t.sent[0]!.headers['correlation-id']]).toEqual([
    'Success',
    lock(5).cardNumber,
    'env-1',
  ]);
  const foreign = c.startEnvelope({ ...envelope, requestId: 'env-2', operation: { 'crm.contact.DeleteContact': {} } });
  await expect(foreign.answer).rejects.toThrow(/no operation of alcs\.card\.requests/);
  // Several go together; one that names no operation of the route fails them all, nothing sent.
  const two = c.startEnvelopes([
    { envelope: { ...envelope, requestId: 'env-3' } },
    { envelope: { ...envelope, requestId: 'env-4' }, options: { key: 'k4' } },
  ]);
  expect((await Promise.all(two.map((x) => x.answer))).map((a) => a.requestId)).toEqual(['env-3', 'env-4']);
  expect(t.sent.map((m) => m.key)).toEqual([lock(5).cardNumber, lock(5).cardNumber, 'k4']);
  const spoilt = c.startEnvelopes([
    { envelope: { ...envelope, requestId: 'env-5' } },
    { envelope: { requestId: 'env-6' } },
  ]);
  await expect(spoilt[0]!.answer).rejects.toThrow(TypeError);
  await expect(spoilt[1]!.answer).rejects.toThrow(TypeError);
  expect(t.sent).toHaveLength(3);
  await c.close();
});

/** A kafkajs stand-in that records each produce call and answers nothing. */
function recordingKafka(calls: { topic: string; keys: (string | null)[] }[][]): Kafka {
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async (b: { topicMessages: { topic: string; messages: { key: string | null }[] }[] }) => {
      calls.push(b.topicMessages.map((tm) => ({ topic: tm.topic, keys: tm.messages.map((m) => m.key) })));
      return [];
    },
  };
  return { producer: () => producer } as unknown as Kafka;
}

test('requestMany writes its requests in one produce call, in order', async () => {
  const calls: { topic: string; keys: (string | null)[] }[][] = [];
  const kafka = new KafkaClientTransport(recordingKafka(calls), 'unused');
  // The client listens through the memory transport; sends go to the recording Kafka.
  const memory = new MemoryClientTransport();
  const transport = { listen: memory.listen.bind(memory), send: kafka.send.bind(kafka), close: async () => undefined };
  const c = await cards(memory, { ...FAST, transport });
  const batch = c.requestMany([
    { operation: 'LockCard', payload: lock(6) },
    { operation: 'ActivateCard', payload: { ...lock(7), phoneNumber: '+48600100200' } },
    { operation: 'LockCard', payload: lock(8) },
  ]);
  await Promise.all(batch.map((b) => b.sent));
  expect(calls).toEqual([
    [{ topic: 'alcs.card.requests', keys: [lock(6), lock(7), lock(8)].map((l) => l.cardNumber) }],
  ]);
  await Promise.all(batch.map((b) => b.answer.catch(() => undefined)));
  await c.close();
});
