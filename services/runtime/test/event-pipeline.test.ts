// processEvent: an event is handled once per eventId, produces no reply, and what
// cannot be handled goes to the DLQ with its error and origin (never a stall).
import { DLQ_HEADERS } from '../src/dead-letter';
import { processEvent } from '../src/event-pipeline';
import { createLogger } from '../src/logger';
import { Metrics } from '../src/metrics';
import type { PipelineDeps } from '../src/pipeline';
import type { EventRoute, Handler, Outcome } from '../src/route';
import { TransientError } from '../src/transient';
import type { InMessage } from '../src/transport';
import { MemoryCodec, MemoryStore, frame } from './fakes';

const TOPIC = 'crm.contact.events';
const DLQ = `${TOPIC}.dlq`;
const NOW = 1_700_000_000_000;

type HandlerMock = jest.Mock<ReturnType<Handler>, Parameters<Handler>>;
const ok = (): HandlerMock => jest.fn<ReturnType<Handler>, Parameters<Handler>>(async (): Promise<Outcome> => ({ code: 'Scheduled' }));

function route(handler: Handler, over: Partial<EventRoute> = {}): EventRoute {
  return { kind: 'event', topic: TOPIC, dlqTopic: DLQ, idField: 'eventId', unionField: 'event', timeField: 'occurredAt', operations: { ContactApproved: handler }, ...over };
}

function setup(): { deps: PipelineDeps; store: MemoryStore; metrics: Metrics } {
  const store = new MemoryStore();
  const metrics = new Metrics('test');
  const deps: PipelineDeps = {
    codec: new MemoryCodec(), processed: store, logger: createLogger({ service: 'test', level: 'silent' }), metrics,
    now: () => NOW, retentionMs: 1000, topicExists: async () => true,
  };
  return { deps, store, metrics };
}

const payload = { contactId: 'C-1', audience: 'PERSON' };
const event = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ eventId: 'ev-1', occurredAt: NOW - 5, event: payload, ...over });
const msg = (value: Buffer | null, offset = '7'): InMessage => ({ topic: TOPIC, partition: 1, offset, key: 'C-1', value, headers: {} });

describe('processEvent', () => {
  it('hands the unwrapped single-branch payload to the only operation, with eventId and time', async () => {
    const s = setup();
    const h = ok();
    expect(await processEvent(route(h), msg(frame(event())), s.deps)).toEqual([]);
    expect(h).toHaveBeenCalledTimes(1);
    const [got, ctx] = h.mock.calls[0]!;
    expect(got).toEqual(payload);
    expect(ctx.requestId).toBe('ev-1');
    expect(ctx.envelope.sentAt).toBe(NOW - 5);
    expect(s.store.records.get('ev-1')).toMatchObject({ topic: TOPIC, reply: { messageCode: 'Scheduled' }, origin: { topic: TOPIC, partition: 1, offset: '7' } });
  });

  it('reads a wrapped union branch by its short name', async () => {
    const s = setup();
    const h = ok();
    await processEvent(route(h), msg(frame(event({ event: { 'crm.contact.ContactApproved': payload } }))), s.deps);
    expect(h.mock.calls[0]![0]).toEqual(payload);
  });

  it('handles an event once: the same eventId again is skipped', async () => {
    const s = setup();
    const h = ok();
    await processEvent(route(h), msg(frame(event()), '7'), s.deps);
    expect(await processEvent(route(h), msg(frame(event()), '9'), s.deps)).toEqual([]);
    expect(h).toHaveBeenCalledTimes(1);
    expect((await s.metrics.replays.get()).values[0]?.value).toBe(1);
  });

  it('re-publishes the handler\'s events when the very same message is redelivered', async () => {
    const s = setup();
    const h: HandlerMock = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => ({ code: 'Done', events: [{ topic: 'x.events', key: 'k', value: { eventId: 'e2' } }] }));
    const first = await processEvent(route(h), msg(frame(event())), s.deps);
    const again = await processEvent(route(h), msg(frame(event())), s.deps);
    expect(first.map((o) => o.topic)).toEqual(['x.events']);
    expect(again).toEqual(first);
    expect(h).toHaveBeenCalledTimes(1);
  });

  it.each<[string, Buffer | null, string]>([
    ['an empty value', null, 'empty value'],
    ['bytes outside the wire format', Buffer.from('garbage'), 'not in the wire format'],
    ['an event without eventId', frame(event({ eventId: '' })), 'eventId is missing'],
    ['an event without its union', frame(event({ event: null })), 'event is missing'],
  ])('dead-letters %s with its error and origin', async (_what, value, error) => {
    const s = setup();
    const h = ok();
    const [out, ...rest] = await processEvent(route(h), msg(value), s.deps);
    expect(rest).toEqual([]);
    expect(out!.topic).toBe(DLQ);
    expect(out!.headers).toMatchObject({ [DLQ_HEADERS.originTopic]: TOPIC, [DLQ_HEADERS.originPartition]: '1', [DLQ_HEADERS.originOffset]: '7' });
    expect(out!.headers[DLQ_HEADERS.error]).toContain(error);
    expect(h).not.toHaveBeenCalled();
  });

  it('dead-letters a reused eventId with other content, and an unknown branch', async () => {
    const s = setup();
    await processEvent(route(ok()), msg(frame(event())), s.deps);
    const [dup] = await processEvent(route(ok()), msg(frame(event({ event: { ...payload, contactId: 'C-2' } }))), s.deps);
    expect(dup!.headers[DLQ_HEADERS.error]).toContain('already processed with other content');
    const [unknown] = await processEvent(route(ok()), msg(frame(event({ eventId: 'ev-9', event: { 'crm.contact.ContactErased': {} } }))), s.deps);
    expect(unknown!.headers[DLQ_HEADERS.error]).toBe('no handler for ContactErased');
  });

  it('dead-letters (and counts) a handler that throws a programmer error; nothing is recorded', async () => {
    const s = setup();
    const h: HandlerMock = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => { throw new TypeError('x is undefined'); });
    const [out] = await processEvent(route(h), msg(frame(event())), s.deps);
    expect(out!.topic).toBe(DLQ);
    expect(out!.headers[DLQ_HEADERS.error]).toBe('handler failed: TypeError: x is undefined');
    expect(s.store.records.size).toBe(0);
    expect((await s.metrics.internalErrors.get()).values[0]?.value).toBe(1);
  });

  it('lets a transient failure through for the caller to retry', async () => {
    const s = setup();
    const h: HandlerMock = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => { throw new TransientError('database unreachable'); });
    await expect(processEvent(route(h), msg(frame(event())), s.deps)).rejects.toBeInstanceOf(TransientError);
    expect(s.store.records.size).toBe(0);
  });
});
