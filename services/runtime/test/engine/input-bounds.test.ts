// Bad input gets a clear answer and nothing else: undecodable values are answered
// MalformedRequest when they name a requester and dead-lettered with their origin
// when they do not; ids are bounded; a reply goes only to the route's reply topics.
import { DLQ_HEADERS, frame } from '../../src';
import { RouteHarness } from '../../src/route-harness';
import { counterRoute, OTHER_REPLIES, REPLIES, TOPIC } from '../counter-route';

let h: RouteHarness;
beforeEach(async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'] });
});
afterEach(async () => h.stop());

const envelope = (requestId: string, op: Record<string, unknown> = { 'test.Add': { id: 'c1', amount: 1 } }) =>
  frame({ requestId, sentAt: 0, source: 't', responseLanguage: null, operation: op });

test('undecodable bytes with a correlation-id: MalformedRequest naming it; without: the DLQ, bytes unchanged, with error and origin', async () => {
  h.sendRaw('k', Buffer.from('garbage'), { 'correlation-id': 'm-1' });
  h.sendRaw('k', Buffer.from([0, 0, 0, 0, 1, 123]), {});
  h.sendRaw('k', null, { 'correlation-id': 'm-3' });
  await h.settle();
  expect(h.repliesTo('m-1')[0]!.value).toMatchObject({
    status: 400,
    messageCode: 'MalformedRequest',
    operation: 'Unknown',
    details: [{ field: 'value' }],
  });
  expect(h.repliesTo('m-3')[0]!.value).toMatchObject({
    messageCode: 'MalformedRequest',
    details: [{ field: 'value', reason: 'empty value' }],
  });
  const [dead] = h.transport.read(`${TOPIC}.dlq`);
  expect(dead!.value).toEqual(Buffer.from([0, 0, 0, 0, 1, 123]));
  expect(dead!.headers).toMatchObject({
    [DLQ_HEADERS.originTopic]: TOPIC,
    [DLQ_HEADERS.originOffset]: expect.any(String),
    [DLQ_HEADERS.originPartition]: expect.any(String),
  });
  expect(dead!.headers[DLQ_HEADERS.error]).toMatch(/cannot decode/);
});

test('an unknown operation is MalformedRequest', async () => {
  h.sendRaw('k', envelope('u-1', { 'test.Teleport': {} }), { 'correlation-id': 'u-1' });
  await h.settle();
  expect(h.repliesTo('u-1')[0]!.value).toMatchObject({
    messageCode: 'MalformedRequest',
    details: [{ field: 'operation', reason: 'unknown operation Teleport' }],
  });
});

test('requestId and correlation-id are at most 128 characters from a safe set; an id that cannot be used is never echoed', async () => {
  const long = 'x'.repeat(500_000);
  h.sendRaw('k', envelope(long), { 'correlation-id': 'ok-1' });
  h.sendRaw('k', envelope('ok-2'), { 'correlation-id': 'bad id\u202e' });
  h.sendRaw('k', envelope('bad\nid'), { 'correlation-id': long });
  await h.settle();
  expect(h.repliesTo('ok-1')[0]!.value).toMatchObject({
    messageCode: 'MalformedRequest',
    details: [{ field: 'requestId', reason: 'requestId is longer than 128 characters' }],
  });
  expect(h.repliesTo('ok-2')[0]!.value).toMatchObject({
    messageCode: 'MalformedRequest',
    details: [{ field: 'correlation-id' }],
  });
  expect(h.repliesTo('ok-2')[0]!.headers['correlation-id']).toBe('ok-2');
  expect(h.transport.read(`${TOPIC}.dlq`)).toHaveLength(1);
  const everything = JSON.stringify(
    [...h.transport.topics.entries()]
      .filter(([t]) => t !== TOPIC && t !== `${TOPIC}.dlq`)
      .map(([, p]) => p.flat().map((m) => [m.headers, m.value?.toString()])),
  );
  expect(everything).not.toContain('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  expect(JSON.stringify(h.logs).length).toBeLessThan(20_000);
  expect(h.entities.counters!.calls.save).toBe(0);
});

test('reply-topic may name only a reply topic configured for the route; any other is refused and nothing is written there', async () => {
  h.send({
    requestId: 'rt-1',
    operation: 'Add',
    payload: { id: 'c1', amount: 1 },
    headers: { 'reply-topic': OTHER_REPLIES },
  });
  h.send({ requestId: 'rt-2', operation: 'Add', payload: { id: 'c2', amount: 1 }, headers: { 'reply-topic': TOPIC } });
  h.send({
    requestId: 'rt-3',
    operation: 'Add',
    payload: { id: 'c3', amount: 1 },
    headers: { 'reply-topic': '__consumer_offsets' },
  });
  await h.settle();
  expect(h.read(OTHER_REPLIES).map((m) => m.value.requestId)).toEqual(['rt-1']);
  expect(
    h
      .read(REPLIES)
      .map((m) => [m.value.requestId, m.value.messageCode])
      .sort(),
  ).toEqual([
    ['rt-2', 'MalformedRequest'],
    ['rt-3', 'MalformedRequest'],
  ]);
  expect(h.transport.read(TOPIC)).toHaveLength(3);
  expect(h.transport.topics.has('__consumer_offsets')).toBe(false);
  expect(h.entities.counters!.docs.size).toBe(1);
});
