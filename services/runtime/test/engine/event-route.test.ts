// An event route consumes events with no reply: each event's handler runs once per
// event id (a redelivery or repeat is recognised), and what cannot be handled goes
// to the DLQ with its error and origin while the partition moves on.
import { frame, TransientError, type EventRoute, type Handler } from '../../src';
import { RouteHarness } from '../../src/route-harness';

const TOPIC = 'test.events';
let h: RouteHarness;
afterEach(async () => h.stop());

function route(onApproved: Handler): EventRoute {
  return {
    kind: 'event',
    topic: TOPIC,
    dlqTopic: `${TOPIC}.dlq`,
    idField: 'eventId',
    unionField: 'event',
    timeField: 'at',
    operations: { Approved: onApproved },
  };
}

const event = (eventId: string, id = 'c1', type = 'test.Approved') =>
  frame({ eventId, at: 5, event: { [type]: { id } } });

test('each event is handled once; a repeat with the same content is skipped; other content under its id is dead-lettered', async () => {
  const seen: string[] = [];
  h = await RouteHarness.start([
    route(async (p, ctx) => {
      seen.push(`${ctx.requestId}:${(p as { id: string }).id}:${ctx.envelope.sentAt}`);
      return { code: 'Scheduled' };
    }),
  ]);
  h.sendRaw('c1', event('e-1'));
  h.sendRaw('c1', event('e-1'));
  h.sendRaw('c1', event('e-1', 'c2'));
  await h.settle();
  expect(seen).toEqual(['e-1:c1:5']);
  const dlq = h.transport.read(`${TOPIC}.dlq`);
  expect(dlq.map((m) => m.headers['dlq-error'])).toEqual(['eventId e-1 was already processed with other content']);
  expect(h.logs.filter((l) => l.event === 'event.replayed')).toHaveLength(1);
});

test('a handler that throws dead-letters its event; a transient failure is retried; an unknown type and garbage are dead-lettered', async () => {
  let transient = 2;
  h = await RouteHarness.start([
    route(async (p) => {
      const id = (p as { id: string }).id;
      if (id === 'bad') throw new Error('cannot schedule');
      if (id === 'flaky' && transient-- > 0) throw new TransientError('database down');
      return { code: 'Scheduled' };
    }),
  ]);
  h.sendRaw('k', event('e-bad', 'bad'));
  h.sendRaw('k', event('e-flaky', 'flaky'));
  h.sendRaw('k', event('e-erased', 'x', 'test.Erased'));
  h.sendRaw('k', Buffer.from('garbage'));
  await h.settle();
  const errors = h.transport.read(`${TOPIC}.dlq`).map((m) => m.headers['dlq-error']);
  expect(errors).toEqual([
    'handler failed: Error: cannot schedule',
    'no handler for Erased',
    expect.stringMatching(/wire format/),
  ]);
  expect(h.logs.filter((l) => l.event === 'event.processed').map((l) => l.eventId)).toEqual(['e-flaky']);
});
