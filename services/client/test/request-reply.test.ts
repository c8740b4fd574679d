// The client's rules without a broker: replies matched by correlation-id, a timeout
// that says whether anything was sent, re-sends of the same bytes and requestId with
// backoff, late replies reported, cancellation and close, and the reply-topic contract.
import { MemoryCodec } from '@workers/runtime';
import {
  CardClient,
  ClientClosedError,
  ContactClient,
  ContractError,
  type LateReply,
  MemoryClientTransport,
  ReplyUnreadableError,
  RequestTimeoutError,
  ROUTES,
} from '../src';
import { AccountClient } from '../src/accounts';
import { answer, cards, codec, FAST } from './memory-worker';

const lock = { cardNumber: '4000123412341234' };

test('each call gets the reply with its correlation-id, whatever the order; the code narrows the answer', async () => {
  const t = new MemoryClientTransport();
  const c = await cards(t, { timeoutMs: 2_000 });
  const a = c.lockCard(lock);
  const b = c.activateCard({ cardNumber: '4000999912341234', phoneNumber: '+48600100200' });
  await new Promise((r) => setTimeout(r, 5));
  t.reply(null, Buffer.from('not ours'), { 'correlation-id': 'someone-else' });
  answer(t, t.sent[1]!, 'IncorrectPhoneNumber', 400);
  answer(t, t.sent[0]!);
  const [ra, rb] = await Promise.all([a, b]);
  expect([ra.code, ra.status, ra.attempts]).toEqual(['Success', 204, 1]);
  expect([rb.code, rb.status, rb.reply.operation]).toEqual(['IncorrectPhoneNumber', 400, 'ActivateCard']);
  // @ts-expect-error: LockCard cannot answer IncorrectPhoneNumber, so the union has no such member.
  if (ra.code === 'IncorrectPhoneNumber') throw new Error('unreachable');
  await c.close();
});

test('a request is keyed as the contract says and carries its requestId in correlation-id', async () => {
  const t = new MemoryClientTransport((m, tt) => answer(tt, m, 'Success', 201));
  const contacts = await ContactClient.connect({ ...FAST, transport: t, codec: codec() });
  const create = {
    audience: 'ALL' as const,
    kind: 'NOTICE' as const,
    title: 't',
    body: 'b',
    publishAt: 1,
    sender: { name: 'SystemAdmin', type: 'SYSTEM' as const },
    createdBy: 'op',
  };
  const r = await contacts.createContact(create, { requestId: 'req-1' });
  expect(r.code).toBe('Success');
  const sent = t.sent[0]!;
  const value = MemoryCodec.read<Record<string, unknown>>(sent.value);
  expect([sent.topic, sent.key, sent.headers]).toEqual([
    'crm.contact.requests',
    'req-1',
    { 'correlation-id': 'req-1' },
  ]);
  expect(value).toMatchObject({
    requestId: 'req-1',
    source: 'CRM',
    operation: { 'crm.contact.CreateContact': create },
  });
  await contacts.createContact({ ...create, contactId: 'C-1' });
  expect(t.sent[1]!.key).toBe('C-1');
  const accounts = await AccountClient.connect({ ...FAST, transport: t, codec: codec() });
  // A request without its key field is refused before anything is sent.
  await expect(accounts.request('UpsertAccount', { accountId: '' } as never)).rejects.toThrow(TypeError);
  expect(t.sent).toHaveLength(2);
  await Promise.all([contacts.close(), accounts.close()]);
});

test('no reply in time: SentUnanswered, and the reply that still comes is reported AnsweredLate', async () => {
  const t = new MemoryClientTransport();
  const late: LateReply[] = [];
  const c = await cards(t, { onLateReply: (l) => late.push(l) });
  const err = await c.lockCard(lock, { requestId: 'slow-1' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RequestTimeoutError);
  expect(err).toMatchObject({ state: 'SentUnanswered', requestId: 'slow-1', attempts: 1 });
  answer(t, t.sent[0]!);
  await new Promise((r) => setTimeout(r, 5));
  expect(late).toMatchObject([
    { requestId: 'slow-1', operation: 'LockCard', state: 'AnsweredLate', gaveUp: 'SentUnanswered' },
  ]);
  answer(t, t.sent[0]!); // a second copy of the answer is not late news
  await new Promise((r) => setTimeout(r, 5));
  expect(late).toHaveLength(1);
  await c.close();
});

test('no send acknowledged: NotSent, whether the broker refused or the deadline cut the send off', async () => {
  const t = new MemoryClientTransport();
  const c = await cards(t);
  t.failSends = 2;
  await expect(c.lockCard(lock, { attempts: 2 })).rejects.toMatchObject({ state: 'NotSent', attempts: 2 });
  t.hangSends = 1;
  await expect(c.lockCard(lock)).rejects.toMatchObject({ state: 'NotSent', attempts: 1 });
  expect(t.sent).toHaveLength(0);
  await c.close();
});

test('a retry re-sends the same bytes and requestId after a backoff, and any copy may answer', async () => {
  let copies = 0;
  // The worker answers from the second copy on.
  const t = new MemoryClientTransport((m, tt) => {
    if (++copies >= 2) answer(tt, m);
  });
  const c = await cards(t, { attempts: 3 });
  const r = await c.lockCard(lock);
  expect([r.code, r.attempts]).toEqual(['Success', 2]);
  expect(t.sent).toHaveLength(2);
  expect(t.sent[1]!.value.equals(t.sent[0]!.value)).toBe(true);
  expect(t.sent[1]!.headers).toEqual(t.sent[0]!.headers);
  // A refused send is retried too.
  t.failSends = 1;
  const after = await c.lockCard(lock, { attempts: 2, timeoutMs: 500 });
  expect([after.code, after.attempts]).toEqual(['Success', 2]);
  await c.close();
});

test('cancel: the call rejects with the signal reason and its reply counts as late; close fails what waits', async () => {
  const t = new MemoryClientTransport();
  const late: LateReply[] = [];
  const c = await cards(t, { timeoutMs: 5_000, onLateReply: (l) => late.push(l) });
  const ac = new AbortController();
  const cancelled = c.lockCard(lock, { requestId: 'cancel-1', signal: ac.signal });
  await new Promise((r) => setTimeout(r, 5));
  ac.abort(new Error('caller gave up'));
  await expect(cancelled).rejects.toThrow('caller gave up');
  answer(t, t.sent[0]!);
  await new Promise((r) => setTimeout(r, 5));
  expect(late).toMatchObject([{ requestId: 'cancel-1', gaveUp: 'Cancelled' }]);
  const waiting = c.lockCard(lock);
  await new Promise((r) => setTimeout(r, 5));
  await c.close();
  await expect(waiting).rejects.toBeInstanceOf(ClientClosedError);
  await expect(c.lockCard(lock)).rejects.toBeInstanceOf(ClientClosedError);
  expect(t.closed).toBe(true);
});

test('a reply that cannot be read fails the call with ReplyUnreadableError', async () => {
  const t = new MemoryClientTransport((m, tt) => tt.reply(m.key, Buffer.from('junk'), { ...m.headers }));
  const c = await cards(t);
  await expect(c.lockCard(lock)).rejects.toBeInstanceOf(ReplyUnreadableError);
  await c.close();
});

test('a reply topic is one the contract allows for the route, and is sent as the reply-topic header', async () => {
  const t = new MemoryClientTransport((m, tt) => answer(tt, m));
  await expect(ContactClient.connect({ ...FAST, transport: t, codec: codec(), replyTopic: 'mine' })).rejects.toThrow(
    ContractError,
  );
  await expect(cards(t, { replyTopic: 'pos.replies' })).rejects.toThrow(ContractError);
  const c = await cards(t, { replyTopic: 'pos.replies', allowedReplyTopics: ['pos.replies'] });
  await c.lockCard(lock);
  expect(t.sent[0]!.headers['reply-topic']).toBe('pos.replies');
  await c.close();
});

test('every operation of the contract has its method on its client', () => {
  const methods = (k: object) => Object.getOwnPropertyNames(k).filter((n) => n !== 'constructor');
  const lower = (s: string) => s[0]!.toLowerCase() + s.slice(1);
  expect(methods(CardClient.prototype).sort()).toEqual(Object.keys(ROUTES.cards.operations).map(lower).sort());
  expect(methods(ContactClient.prototype).sort()).toEqual(Object.keys(ROUTES.contacts.operations).map(lower).sort());
  expect(methods(AccountClient.prototype).sort()).toEqual(Object.keys(ROUTES.accounts.operations).map(lower).sort());
});
