// The runs' request sender (scripts/lib/request-sender.ts): requests of several routes
// prepared in order and written in that order (a key's requests never overtake each other,
// even when one names another reply topic), each one's position in order; a slice whose
// send failed is sent again with backoff, every attempt noted, until the deadline.
import { MemoryClientTransport } from '@workers/client';
import { MemoryCodec } from '@workers/runtime';
import { RequestSender, type RunRequest, type SendLog } from '../../../scripts/lib/request-sender';

const P = 'run1.';
const codec = () => new MemoryCodec().declare(`${P}alcs.card.requests-value`).declare(`${P}crm.account.requests-value`);
const ENV = { KAFKA_BROKERS: 'unused', SCHEMA_REGISTRY_URL: 'unused' };

const card = (n: number): RunRequest => ({
  topic: `${P}alcs.card.requests`,
  key: `card-${n}`,
  requestId: `c-${n}`,
  value: { requestId: `c-${n}`, operation: { 'alcs.card.LockCard': { cardNumber: `card-${n}` } } },
});
const account = (n: number): RunRequest => ({
  topic: `${P}crm.account.requests`,
  key: `acc-${n}`,
  requestId: `a-${n}`,
  value: { requestId: `a-${n}`, operation: { 'crm.account.UpsertAccount': { accountId: `acc-${n}` } } },
});

test('requests of two routes: prepared in order with their keys, written in order, positions in order', async () => {
  const t = new MemoryClientTransport();
  const s = RequestSender.open(ENV, P, 'test', { transport: t, codec: codec() });
  const reqs = [card(1), account(1), card(2)];
  const prepared = await s.prepare(reqs);
  expect(prepared.map((p) => [p.requestId, p.message.topic, p.message.key, p.message.headers])).toEqual(
    reqs.map((r) => [r.requestId, r.topic, r.key, { 'correlation-id': r.requestId }]),
  );
  const written = await s.send(prepared);
  expect(written.map((w) => w.requestId)).toEqual(['c-1', 'a-1', 'c-2']);
  expect(t.sent.map((m) => m.key)).toEqual(['card-1', 'acc-1', 'card-2']);
  await expect(s.prepare([{ ...card(3), topic: 'other.alcs.card.requests' }])).rejects.toThrow(/no request topic/);
  await s.close();
});

test("a key's second request is written after its first when the first names another reply topic", async () => {
  const t = new MemoryClientTransport();
  const s = RequestSender.open(ENV, P, 'test', { transport: t, codec: codec() });
  const register = { ...card(1), replyTopic: `${P}alcs.card.replies.pos` };
  const activate = { ...card(1), requestId: 'c-1-act', value: { ...card(1).value, requestId: 'c-1-act' } };
  await s.send(await s.prepare([card(0), register, activate]));
  expect(t.sent.map((m) => m.headers['correlation-id'])).toEqual(['c-0', 'c-1', 'c-1-act']);
  await s.close();
});

test('a failed send is made again after 0.5 s, then 1 s, each attempt noted; past the deadline it throws', async () => {
  const t = new MemoryClientTransport();
  const s = RequestSender.open(ENV, P, 'test', { transport: t, codec: codec() });
  const prepared = await s.prepare([card(1), card(2)]);
  const log: SendLog = new Map();
  const errors: number[] = [];
  t.failSends = 3; // the first attempt (two sends) and one send of the second
  const started = Date.now();
  await s.sendPatiently(prepared, log, { deadline: Date.now() + 60_000, onSendError: (_e, n) => errors.push(n) });
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
  expect(errors).toEqual([1, 2]);
  expect(log.get('c-1')).toHaveLength(3);
  // The slice is sent whole again, also what already landed (as after a produce call that failed half-way).
  expect(t.sent.map((m) => m.key)).toEqual(['card-2', 'card-1', 'card-2']);
  t.failSends = 1;
  await expect(s.sendPatiently(prepared.slice(0, 1), log, { deadline: Date.now() - 1 })).rejects.toThrow(
    'not acknowledged',
  );
  expect(log.get('c-1')).toHaveLength(4);
  await s.close();
}, 10_000);
