// The batch engine answers every request once, with the operation's status and the
// code table's text, and logs one line per request with fixed names and no payload.
import { LOG_EVENTS } from '../../src';
import { RouteHarness } from '../../src/route-harness';
import { counterRoute, REPLIES, TOPIC } from '../counter-route';

let h: RouteHarness;
beforeEach(async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], now: () => 1_000 });
});
afterEach(async () => h.stop());

test('Success takes the operation status; the reply carries the common fields and the route entity; headers say what it is', async () => {
  const reply = await h.ask({
    requestId: 'r-1',
    operation: 'Add',
    payload: { id: 'c1', amount: 5 },
    key: 'c1',
    headers: { 'correlation-id': 'corr-1' },
  });
  expect(reply).toEqual({
    requestId: 'r-1',
    operation: 'Add',
    status: 201,
    messageCode: 'Success',
    message: 'Done',
    details: [],
    processedAt: 1_000,
    id: 'c1',
    n: 5,
  });
  const [m] = h.read(REPLIES);
  expect(m!.key).toBe('c1');
  expect(m!.headers).toEqual({ 'correlation-id': 'corr-1', operation: 'Add', 'message-code': 'Success' });
});

test('a rejection takes the status its operation lists; text in the requested language, else the default', async () => {
  await h.ask({ requestId: 'r-1', operation: 'Add', payload: { id: 'c1', amount: 100 } });
  expect(
    await h.ask({
      requestId: 'r-2',
      operation: 'Add',
      payload: { id: 'c1', amount: 1 },
      responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: null },
    }),
  ).toMatchObject({ status: 422, messageCode: 'TooMuch', message: 'Too much', n: 100 });
  expect(
    await h.ask({
      requestId: 'r-3',
      operation: 'Add',
      payload: { id: 'c2', amount: 1 },
      responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: null },
    }),
  ).toMatchObject({ messageCode: 'Success', message: 'Gotowe' });
});

test('ValidationFailed names each field, and the entity is neither read nor written', async () => {
  const store = h.entities.counters!;
  expect(await h.ask({ requestId: 'v-1', operation: 'Add', payload: { id: 'c1', amount: 1.5 } })).toMatchObject({
    status: 400,
    messageCode: 'ValidationFailed',
    details: [{ field: 'amount', reason: 'must be an integer' }],
    id: 'c1',
    n: null,
  });
  expect(store.calls).toEqual({ load: 0, save: 0 });
});

test('a decision that throws answers the operation error code, is logged with its requestId, and does not block the partition', async () => {
  expect(await h.ask({ requestId: 'x-1', operation: 'Explode', payload: { id: 'c1', amount: 1 } })).toMatchObject({
    status: 500,
    messageCode: 'AddFailed',
  });
  expect(await h.ask({ requestId: 'x-2', operation: 'Undeclared', payload: { id: 'c1', amount: 1 } })).toMatchObject({
    status: 500,
    messageCode: 'InternalError',
  });
  expect(await h.ask({ requestId: 'x-3', operation: 'Add', payload: { id: 'c1', amount: 1 } })).toMatchObject({
    messageCode: 'Success',
    n: 1,
  });
  const failed = h.logs.filter((l) => l.event === 'handler.failed');
  expect(failed.map((l) => l.requestId)).toEqual(['x-1', 'x-2']);
  expect(String(failed[0]!.error)).toContain('TypeError: a bug');
});

test('one request.processed line per request with its fields; only fixed event names; no payload', async () => {
  h.send({ requestId: 'l-1', operation: 'Add', payload: { id: 'secret-counter', amount: 3 } });
  h.send({ requestId: 'l-2', operation: 'Nope', payload: {} });
  await h.settle();
  const processed = h.logs.filter((l) => l.event === 'request.processed');
  expect(processed.map((l) => l.requestId).sort()).toEqual(['l-1', 'l-2']);
  for (const l of processed)
    expect(Object.keys(l)).toEqual(
      expect.arrayContaining(['topic', 'partition', 'offset', 'operation', 'messageCode', 'durationMs']),
    );
  for (const l of h.logs) expect(LOG_EVENTS).toContain(l.event);
  expect(JSON.stringify(h.logs)).not.toContain('secret-counter');
  expect(
    h
      .read(REPLIES)
      .map((m) => m.value.messageCode)
      .sort(),
  ).toEqual(['MalformedRequest', 'Success']);
  expect(h.transport.read(TOPIC)).toHaveLength(2);
});
