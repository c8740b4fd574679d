// One request through the runtime: decode → dedupe → handle → persist → reply.
// Returns the messages to produce (a reply and its events, or a DLQ entry); the
// caller commits them with the offset in one Kafka transaction.
//
// Throws only transient errors (the caller retries the message with backoff);
// every other failure becomes a reply or a DLQ entry, so a partition never stalls.
import type { Codec } from './codec';
import { MalformedError } from './codec';
import { deadLetter } from './dead-letter';
import { parseEnvelope } from './envelope';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { contentHash, type ProcessedStore } from './processed';
import { buildReply, replyHeaders } from './reply';
import type { Envelope, EventOut, Outcome, Route } from './route';
import { isTransient } from './transient';
import type { InMessage, OutMessage } from './transport';

export interface PipelineDeps {
  codec: Codec;
  processed: ProcessedStore;
  logger: Logger;
  metrics: Metrics;
  now: () => number;
  retentionMs: number;
  /** Reply topics named by `reply-topic` headers must exist; unknown ones fall back. */
  topicExists: (topic: string) => Promise<boolean>;
  /** Test-only: called after the handler's effect is written, before anything else. */
  afterEffect?: (requestId: string) => void;
}

export async function processMessage(route: Route, msg: InMessage, deps: PipelineDeps): Promise<OutMessage[]> {
  const started = Date.now();
  const correlationId = msg.headers['correlation-id'];
  const where = { topic: msg.topic, partition: msg.partition, offset: msg.offset };

  // 1. decode
  let parsed: ReturnType<typeof parseEnvelope>;
  try {
    if (!msg.value) throw new MalformedError('empty value');
    parsed = parseEnvelope(await deps.codec.decode(msg.value));
  } catch (err) {
    if (!(err instanceof MalformedError)) throw err;
    parsed = err.message;
  }
  if (typeof parsed === 'string') {
    if (!correlationId) {
      deps.metrics.deadLetters.inc({ topic: msg.topic, reason: 'malformed' });
      deps.logger.warn('request.dead_lettered', { ...where, error: parsed });
      return [deadLetter(msg, route.dlqTopic, parsed, deps.now())];
    }
    deps.logger.warn('request.malformed', { ...where, requestId: correlationId, error: parsed });
    const outcome: Outcome = { code: 'MalformedRequest', details: [{ field: 'value', reason: parsed }] };
    return [await finish(route, msg, deps, { requestId: correlationId, operation: 'Unknown', outcome, envelope: null, started, where })];
  }
  const { envelope, operation, payload } = parsed;
  const requestId = envelope.requestId;

  // 2. dedupe
  const hash = contentHash(operation, payload);
  const prior = await deps.processed.get(requestId);
  if (prior) {
    if (prior.contentHash === hash) {
      deps.metrics.replays.inc({ topic: msg.topic });
      deps.logger.info('request.replayed', { ...where, requestId, operation });
      const reply = prior.reply as Record<string, unknown>;
      const out = await encodeOut(route, msg, deps, reply, correlationId ?? requestId, operation, String(reply.messageCode));
      const o = prior.origin;
      const redelivered = !!o && o.topic === msg.topic && o.partition === msg.partition && o.offset === msg.offset;
      return redelivered ? [out, ...(await encodeEvents(prior.events ?? [], deps))] : [out];
    }
    const outcome: Outcome = { code: 'DuplicateRequestId', details: [{ field: 'requestId', reason: 'already used for a request with other content' }] };
    return [await finish(route, msg, deps, { requestId, operation, outcome, envelope, started, where })];
  }

  // 3. handle
  const handler = route.operations[operation];
  let outcome: Outcome;
  if (!handler) {
    outcome = { code: 'MalformedRequest', details: [{ field: 'operation', reason: `unknown operation ${operation}` }] };
  } else {
    try {
      outcome = await handler(payload, { requestId, envelope, key: msg.key });
    } catch (err) {
      if (isTransient(err)) throw err;
      deps.metrics.internalErrors.inc({ topic: msg.topic, operation });
      deps.logger.error('handler.failed', { ...where, requestId, operation, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
      outcome = { code: route.internalErrorCode?.[operation] ?? 'InternalError' };
    }
  }
  deps.afterEffect?.(requestId);
  if (!(outcome.code in route.codes)) {
    // A handler answering with a code outside its table is a programming error:
    // it must still become a reply, not a stalled partition.
    deps.logger.error('handler.failed', { ...where, requestId, operation, error: `unknown code ${outcome.code}` });
    deps.metrics.internalErrors.inc({ topic: msg.topic, operation });
    outcome = { code: route.internalErrorCode?.[operation] ?? 'InternalError' };
  }

  // 4. persist
  const reply = buildReply(route, { requestId, operation, outcome, envelope, now: deps.now() });
  const replyTopic = await chooseReplyTopic(route, msg, deps);
  const stored = await deps.processed.put({
    requestId, topic: msg.topic, contentHash: hash, reply, replyTopic, key: msg.key, events: outcome.events ?? [],
    origin: { topic: msg.topic, partition: msg.partition, offset: msg.offset },
    processedAt: new Date(deps.now()), expiresAt: new Date(deps.now() + deps.retentionMs),
  });
  log(deps, msg, where, requestId, operation, outcome.code, started);

  // 5. reply (and events). If a concurrent delivery stored first, its record is the answer.
  const storedReply = stored.reply as Record<string, unknown>;
  const out = await encodeOut(route, msg, deps, storedReply, correlationId ?? requestId, operation, String(storedReply.messageCode), stored.replyTopic);
  return [out, ...(await encodeEvents(stored.events, deps))];
}

export async function encodeEvents(events: EventOut[], deps: PipelineDeps): Promise<OutMessage[]> {
  return Promise.all(events.map(async (e) => ({
    topic: e.topic,
    key: e.key,
    value: await deps.codec.encode(`${e.topic}-value`, e.value),
    headers: { 'event-id': String(e.value.eventId ?? '') },
  })));
}

async function finish(route: Route, msg: InMessage, deps: PipelineDeps, o: {
  requestId: string; operation: string; outcome: Outcome; envelope: Envelope | null; started: number; where: object;
}): Promise<OutMessage> {
  const reply = buildReply(route, { requestId: o.requestId, operation: o.operation, outcome: o.outcome, envelope: o.envelope, now: deps.now() });
  log(deps, msg, o.where, o.requestId, o.operation, o.outcome.code, o.started);
  return encodeOut(route, msg, deps, reply, msg.headers['correlation-id'] ?? o.requestId, o.operation, o.outcome.code);
}

function log(deps: PipelineDeps, msg: InMessage, where: object, requestId: string, operation: string, code: string, started: number): void {
  const durationMs = Date.now() - started;
  deps.metrics.requests.inc({ topic: msg.topic, operation, code });
  deps.metrics.duration.observe({ topic: msg.topic, operation }, durationMs / 1000);
  deps.logger.info('request.processed', { ...where, requestId, operation, messageCode: code, durationMs });
}

async function chooseReplyTopic(route: Route, msg: InMessage, deps: PipelineDeps): Promise<string> {
  const wanted = msg.headers['reply-topic'];
  if (!wanted || wanted === route.replyTopic) return route.replyTopic;
  if (await deps.topicExists(wanted)) return wanted;
  deps.logger.warn('reply_topic.unknown', { topic: msg.topic, partition: msg.partition, offset: msg.offset, replyTopic: wanted });
  return route.replyTopic;
}

async function encodeOut(route: Route, msg: InMessage, deps: PipelineDeps, reply: Record<string, unknown>,
  correlationId: string, operation: string, code: string, topic?: string): Promise<OutMessage> {
  const replyTopic = topic ?? (await chooseReplyTopic(route, msg, deps));
  return {
    topic: replyTopic,
    key: msg.key,
    // Replies on any topic use the route's reply schema.
    value: await deps.codec.encode(`${route.replyTopic}-value`, reply),
    headers: replyHeaders(correlationId, operation, code),
  };
}
