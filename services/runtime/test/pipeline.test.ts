import type { CodeTable } from '../src/codes';
import { DLQ_HEADERS } from '../src/dead-letter';
import { createLogger } from '../src/logger';
import { Metrics } from '../src/metrics';
import { processMessage, type PipelineDeps } from '../src/pipeline';
import { contentHash } from '../src/processed';
import type { EventOut, Handler, HandlerContext, Outcome, Route } from '../src/route';
import { TransientError } from '../src/transient';
import { HEADER, MemoryCodec, MemoryStore, frame } from './fakes';
import type { InMessage, OutMessage } from '../src/transport';

const TOPIC = 'alcs.card.requests';
const REPLIES = 'alcs.card.replies';
const DLQ = 'alcs.card.requests.dlq';
const EVENTS = 'alcs.card.events';
const CUSTOM = 'pos.17.replies';
const NOW = 1_700_000_000_000;
const RETENTION = 7 * 86_400_000;

const codes: CodeTable<string> = {
  Success: { status: 200, retriable: false, messages: { en_US: 'Done', pl_PL: 'Gotowe' } },
  DuplicateRequestId: { status: 409, retriable: false, messages: { en_US: 'Duplicate request id' } },
  MalformedRequest: { status: 400, retriable: false, messages: { en_US: 'Malformed request' } },
  InternalError: { status: 500, retriable: false, messages: { en_US: 'Internal error' } },
  CustomerActivationError: { status: 500, retriable: false, messages: { en_US: 'Activation failed' } },
};

type HandlerMock = jest.Mock<ReturnType<Handler>, Parameters<Handler>>;

function makeRoute(handler: HandlerMock, over: Partial<Route> = {}): Route {
  return {
    topic: TOPIC,
    replyTopic: REPLIES,
    dlqTopic: DLQ,
    codes,
    defaultLocale: 'en_US',
    operations: { ActivateCard: handler },
    reply: (common, outcome) => ({ ...common, cardNumber: outcome.entity?.cardNumber ?? null }),
    ...over,
  };
}

interface Setup {
  deps: PipelineDeps;
  codec: MemoryCodec;
  store: MemoryStore;
  metrics: Metrics;
  clock: { now: number };
  topicsAsked: string[];
}

function setup(): Setup {
  const codec = new MemoryCodec();
  const store = new MemoryStore();
  const metrics = new Metrics('test');
  const clock = { now: NOW };
  const topicsAsked: string[] = [];
  const existing = new Set([TOPIC, REPLIES, DLQ, EVENTS, CUSTOM]);
  const deps: PipelineDeps = {
    codec,
    processed: store,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics,
    now: () => clock.now,
    retentionMs: RETENTION,
    topicExists: async (t) => {
      topicsAsked.push(t);
      return existing.has(t);
    },
  };
  return { deps, codec, store, metrics, clock, topicsAsked };
}

const payload = { cardNumber: '4000123412341234', phone: '+48123456789' };
function request(over: Record<string, unknown> = {}, op: Record<string, unknown> = { 'alcs.card.ActivateCard': payload }): Record<string, unknown> {
  return {
    requestId: 'req-1',
    sentAt: NOW - 1_000,
    source: 'pos-17',
    responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: 'en_US' },
    operation: op,
    ...over,
  };
}

function message(value: Buffer | null, headers: Record<string, string> = { 'correlation-id': 'corr-1' }, offset = '42'): InMessage {
  return { topic: TOPIC, partition: 3, offset, key: 'card-1234', value, headers };
}

const decoded = (o: OutMessage): Record<string, unknown> => JSON.parse(o.value.toString('utf8')) as Record<string, unknown>;
const success = (): HandlerMock => jest.fn<ReturnType<Handler>, Parameters<Handler>>(async (): Promise<Outcome> => ({ code: 'Success', entity: { cardNumber: '4000123412341234' } }));

async function one(route: Route, msg: InMessage, deps: PipelineDeps): Promise<OutMessage> {
  const out = await processMessage(route, msg, deps);
  expect(out).toHaveLength(1);
  return out[0]!;
}

describe('processMessage', () => {
  describe('(a) success', () => {
    it('replies on the reply topic with the headers and stores the processed record', async () => {
      const s = setup();
      const handler = success();
      const route = makeRoute(handler);
      const out = await one(route, message(frame(request())), s.deps);

      expect(out.topic).toBe(REPLIES);
      expect(out.key).toBe('card-1234');
      expect(out.headers).toEqual({ 'correlation-id': 'corr-1', operation: 'ActivateCard', 'message-code': 'Success' });
      const reply = decoded(out);
      expect(reply).toEqual({
        requestId: 'req-1', operation: 'ActivateCard', status: 200, messageCode: 'Success', message: 'Gotowe', details: [],
        processedAt: NOW, cardNumber: '4000123412341234',
      });
      expect(s.codec.encoded.map((e) => e.subject)).toEqual([`${REPLIES}-value`]);

      expect(handler).toHaveBeenCalledTimes(1);
      const [gotPayload, ctx] = handler.mock.calls[0]!;
      expect(gotPayload).toEqual(payload);
      expect(ctx).toEqual<HandlerContext>({
        requestId: 'req-1', key: 'card-1234',
        envelope: { requestId: 'req-1', sentAt: NOW - 1_000, source: 'pos-17', responseLanguage: { clientLanguage: 'pl_PL', cashierLanguage: 'en_US' } },
      });

      const stored = s.store.records.get('req-1');
      expect(stored).toEqual({
        requestId: 'req-1', topic: TOPIC, contentHash: contentHash('ActivateCard', payload), reply, replyTopic: REPLIES,
        key: 'card-1234', events: [], origin: { topic: TOPIC, partition: 3, offset: '42' },
        processedAt: new Date(NOW), expiresAt: new Date(NOW + RETENTION),
      });
      const requests = await s.metrics.requests.get();
      expect(requests.values).toEqual([expect.objectContaining({ value: 1, labels: { topic: TOPIC, operation: 'ActivateCard', code: 'Success' } })]);
    });

    it('uses the requestId as correlation-id when the header is absent', async () => {
      const s = setup();
      const out = await one(makeRoute(success()), message(frame(request()), {}), s.deps);
      expect(out.headers['correlation-id']).toBe('req-1');
    });

    it('sends the handler\'s events after the reply, encoded with their topic\'s subject', async () => {
      const s = setup();
      const events: EventOut[] = [{ topic: EVENTS, key: 'card-1234', value: { eventId: 'ev-1', type: 'CardActivated' } }];
      const handler = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => ({ code: 'Success', events }));
      const out = await processMessage(makeRoute(handler), message(frame(request())), s.deps);
      expect(out.map((o) => o.topic)).toEqual([REPLIES, EVENTS]);
      expect(out[1]!.key).toBe('card-1234');
      expect(out[1]!.headers).toEqual({ 'event-id': 'ev-1' });
      expect(decoded(out[1]!)).toEqual({ eventId: 'ev-1', type: 'CardActivated' });
      expect(s.codec.encoded.map((e) => e.subject)).toEqual([`${REPLIES}-value`, `${EVENTS}-value`]);
      expect(s.store.records.get('req-1')!.events).toEqual(events);
    });

    it('answers an operation without handler with MalformedRequest and stores it', async () => {
      const s = setup();
      const handler = success();
      const out = await one(makeRoute(handler), message(frame(request({}, { 'alcs.card.NoSuchOp': {} }))), s.deps);
      expect(out.headers['message-code']).toBe('MalformedRequest');
      expect(decoded(out)).toMatchObject({ status: 400, operation: 'NoSuchOp', details: [{ field: 'operation', reason: 'unknown operation NoSuchOp' }] });
      expect(handler).not.toHaveBeenCalled();
      expect(s.store.records.has('req-1')).toBe(true);
    });
  });

  describe('(b) the same request again', () => {
    it('gets the identical stored reply without calling the handler again', async () => {
      const s = setup();
      const handler = success();
      const route = makeRoute(handler);
      const first = await one(route, message(frame(request()), { 'correlation-id': 'corr-1' }, '42'), s.deps);
      s.clock.now = NOW + 60_000;
      // an upstream retry restamps sentAt and may change the language: still the same question
      const again = request({ sentAt: NOW + 59_000, responseLanguage: null });
      const second = await one(route, message(frame(again), { 'correlation-id': 'corr-1' }, '99'), s.deps);

      expect(handler).toHaveBeenCalledTimes(1);
      expect(second.value.equals(first.value)).toBe(true);
      expect(second.topic).toBe(REPLIES);
      expect(second.headers).toEqual(first.headers);
      expect(s.store.puts).toBe(1);
      expect((await s.metrics.replays.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { topic: TOPIC } })]);
    });

    it('re-sends the stored events only when the very same message is redelivered', async () => {
      const s = setup();
      const events: EventOut[] = [{ topic: EVENTS, key: 'k', value: { eventId: 'ev-9' } }];
      const handler = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => ({ code: 'Success', events }));
      const route = makeRoute(handler);
      const first = await processMessage(route, message(frame(request()), {}, '42'), s.deps);
      const redelivered = await processMessage(route, message(frame(request()), {}, '42'), s.deps);
      const resent = await processMessage(route, message(frame(request()), {}, '43'), s.deps);
      expect(handler).toHaveBeenCalledTimes(1);
      expect(redelivered.map((o) => o.value.toString())).toEqual(first.map((o) => o.value.toString()));
      expect(resent.map((o) => o.topic)).toEqual([REPLIES]);
    });
  });

  describe('(c) the same requestId with other content', () => {
    it('answers DuplicateRequestId and keeps the stored record', async () => {
      const s = setup();
      const handler = success();
      const route = makeRoute(handler);
      await one(route, message(frame(request())), s.deps);
      const before = structuredClone(s.store.records.get('req-1'));
      const other = request({}, { 'alcs.card.ActivateCard': { ...payload, phone: '+48999999999' } });
      const out = await one(route, message(frame(other), { 'correlation-id': 'corr-2' }, '43'), s.deps);

      expect(handler).toHaveBeenCalledTimes(1);
      expect(out.topic).toBe(REPLIES);
      expect(out.headers).toEqual({ 'correlation-id': 'corr-2', operation: 'ActivateCard', 'message-code': 'DuplicateRequestId' });
      expect(decoded(out)).toMatchObject({ requestId: 'req-1', status: 409, messageCode: 'DuplicateRequestId', details: [{ field: 'requestId' }] });
      expect(s.store.records.get('req-1')).toEqual(before);
      expect(s.store.puts).toBe(1);
    });

    it('treats another operation with the same fields as other content', async () => {
      const s = setup();
      const route = makeRoute(success(), { operations: { ActivateCard: success(), BlockCard: success() } });
      await one(route, message(frame(request())), s.deps);
      const out = await one(route, message(frame(request({}, { 'alcs.card.BlockCard': payload })), {}, '43'), s.deps);
      expect(out.headers['message-code']).toBe('DuplicateRequestId');
    });
  });

  describe('(d) undecodable messages', () => {
    const garbage = Buffer.from('this is not avro');

    it('answers MalformedRequest when a correlation-id names the requester', async () => {
      const s = setup();
      const handler = success();
      const out = await one(makeRoute(handler), message(garbage, { 'correlation-id': 'corr-9' }), s.deps);
      expect(out.topic).toBe(REPLIES);
      expect(out.headers).toEqual({ 'correlation-id': 'corr-9', operation: 'Unknown', 'message-code': 'MalformedRequest' });
      expect(decoded(out)).toMatchObject({
        requestId: 'corr-9', operation: 'Unknown', status: 400, messageCode: 'MalformedRequest', message: 'Malformed request',
        details: [{ field: 'value', reason: 'not in the wire format' }],
      });
      expect(handler).not.toHaveBeenCalled();
      expect(s.store.records.size).toBe(0);
    });

    it('dead-letters the original bytes when no correlation-id is present', async () => {
      const s = setup();
      const out = await one(makeRoute(success()), message(garbage, { 'trace-id': 't-1' }), s.deps);
      expect(out.topic).toBe(DLQ);
      expect(out.key).toBe('card-1234');
      expect(out.value.equals(garbage)).toBe(true);
      expect(out.headers).toEqual({
        'trace-id': 't-1',
        [DLQ_HEADERS.error]: 'not in the wire format',
        [DLQ_HEADERS.originTopic]: TOPIC,
        [DLQ_HEADERS.originPartition]: '3',
        [DLQ_HEADERS.originOffset]: '42',
        [DLQ_HEADERS.failedAt]: new Date(NOW).toISOString(),
      });
      expect(s.codec.encoded).toEqual([]);
      expect(s.store.records.size).toBe(0);
      expect((await s.metrics.deadLetters.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { topic: TOPIC, reason: 'malformed' } })]);
    });

    it.each<[string, Buffer | null, string]>([
      ['framed bytes that are not a record', frame('hello'), 'value is not a record'],
      ['a record without requestId', frame({ operation: { 'a.B': {} } }), 'requestId is missing'],
      ['bad JSON after the header', Buffer.concat([HEADER, Buffer.from('{')]), 'cannot decode'],
      ['a tombstone (null value)', null, 'empty value'],
    ])('dead-letters %s', async (_what, value, error) => {
      const s = setup();
      const out = await one(makeRoute(success()), message(value, {}), s.deps);
      expect(out.topic).toBe(DLQ);
      expect(out.headers[DLQ_HEADERS.error]).toContain(error);
      expect(out.value.equals(value ?? Buffer.alloc(0))).toBe(true);
    });
  });

  describe('(e) a handler that throws a non-transient error', () => {
    it('answers InternalError and stores it', async () => {
      const s = setup();
      const handler = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => {
        throw new TypeError('cannot read properties of undefined');
      });
      const out = await one(makeRoute(handler), message(frame(request())), s.deps);
      expect(out.headers['message-code']).toBe('InternalError');
      expect(decoded(out)).toMatchObject({ status: 500, messageCode: 'InternalError', message: 'Internal error' });
      expect(s.store.records.get('req-1')!.reply).toEqual(decoded(out));
      expect((await s.metrics.internalErrors.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { topic: TOPIC, operation: 'ActivateCard' } })]);
    });

    it('uses the route\'s internalErrorCode for the operation when configured', async () => {
      const s = setup();
      const handler = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => {
        throw new Error('boom');
      });
      const route = makeRoute(handler, { internalErrorCode: { ActivateCard: 'CustomerActivationError' } });
      const out = await one(route, message(frame(request())), s.deps);
      expect(out.headers['message-code']).toBe('CustomerActivationError');
      expect(decoded(out)).toMatchObject({ status: 500, messageCode: 'CustomerActivationError', message: 'Activation failed' });
    });
  });

  describe('(f) a transient failure', () => {
    it('rejects when the handler throws TransientError: no reply, nothing stored', async () => {
      const s = setup();
      const err = new TransientError('database unreachable');
      const handler = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => {
        throw err;
      });
      await expect(processMessage(makeRoute(handler), message(frame(request())), s.deps)).rejects.toBe(err);
      expect(s.store.records.size).toBe(0);
      expect(s.codec.encoded).toEqual([]);
      expect((await s.metrics.internalErrors.get()).values.filter((v) => v.value > 0)).toEqual([]);
    });

    it('rejects when the codec cannot reach the registry', async () => {
      const s = setup();
      const err = new TransientError('registry down');
      s.deps.codec = { ...s.codec, decode: async () => { throw err; }, encode: async () => Buffer.alloc(0), latestSchema: async () => ({ id: 1, schema: {} }) };
      await expect(processMessage(makeRoute(success()), message(frame(request())), s.deps)).rejects.toBe(err);
    });

    it('handles the request normally on the retry once the failure heals', async () => {
      const s = setup();
      let fail = true;
      const handler = jest.fn<ReturnType<Handler>, Parameters<Handler>>(async () => {
        if (fail) throw new TransientError('down');
        return { code: 'Success' };
      });
      const route = makeRoute(handler);
      await expect(processMessage(route, message(frame(request())), s.deps)).rejects.toBeInstanceOf(TransientError);
      fail = false;
      const out = await one(route, message(frame(request())), s.deps);
      expect(out.headers['message-code']).toBe('Success');
      expect(handler).toHaveBeenCalledTimes(2);
    });
  });

  describe('(g) reply-topic header', () => {
    it('is honoured when it names an existing topic (reply still uses the route\'s reply schema)', async () => {
      const s = setup();
      const out = await one(makeRoute(success()), message(frame(request()), { 'correlation-id': 'c', 'reply-topic': CUSTOM }), s.deps);
      expect(out.topic).toBe(CUSTOM);
      expect(s.codec.encoded.map((e) => e.subject)).toEqual([`${REPLIES}-value`]);
      expect(s.store.records.get('req-1')!.replyTopic).toBe(CUSTOM);
      expect(s.topicsAsked).toContain(CUSTOM);
    });

    it('falls back to the route\'s reply topic for an unknown topic', async () => {
      const s = setup();
      const out = await one(makeRoute(success()), message(frame(request()), { 'correlation-id': 'c', 'reply-topic': 'no.such.topic' }), s.deps);
      expect(out.topic).toBe(REPLIES);
      expect(s.topicsAsked).toEqual(['no.such.topic']);
      expect(s.store.records.get('req-1')!.replyTopic).toBe(REPLIES);
    });

    it('is honoured for MalformedRequest replies too', async () => {
      const s = setup();
      const out = await one(makeRoute(success()), message(Buffer.from('x'), { 'correlation-id': 'c', 'reply-topic': CUSTOM }), s.deps);
      expect(out.topic).toBe(CUSTOM);
      expect(out.headers['message-code']).toBe('MalformedRequest');
    });

    it('does not ask about the route\'s own reply topic', async () => {
      const s = setup();
      const out = await one(makeRoute(success()), message(frame(request()), { 'reply-topic': REPLIES }), s.deps);
      expect(out.topic).toBe(REPLIES);
      expect(s.topicsAsked).toEqual([]);
    });
  });
});
