// One event through the runtime: decode → dedupe → handle → persist. No reply: the
// caller commits the offset (with any events the handler publishes) in one Kafka
// transaction. What cannot be handled goes to the route's DLQ with its error and
// origin, so nothing is lost and the partition keeps moving.
//
// Throws only transient errors (the caller retries the message with backoff).
import { MalformedError } from './codec';
import { deadLetter } from './dead-letter';
import { parseEvent, type Parsed } from './envelope';
import { encodeEvents, type PipelineDeps } from './pipeline';
import { contentHash } from './processed';
import type { EventRoute, Outcome } from './route';
import { isTransient } from './transient';
import type { InMessage, OutMessage } from './transport';

export type DeadLetterReason = 'malformed' | 'duplicate_id' | 'unknown_operation' | 'handler_failed';

export async function processEvent(route: EventRoute, msg: InMessage, deps: PipelineDeps): Promise<OutMessage[]> {
  const started = Date.now();
  const where = { topic: msg.topic, partition: msg.partition, offset: msg.offset };
  const dead = (reason: DeadLetterReason, error: string): OutMessage[] => {
    deps.metrics.deadLetters.inc({ topic: msg.topic, reason });
    deps.logger.warn('request.dead_lettered', { ...where, reason, error });
    return [deadLetter(msg, route.dlqTopic, error, deps.now())];
  };

  // 1. decode
  let parsed: Parsed | string;
  try {
    if (!msg.value) throw new MalformedError('empty value');
    parsed = parseEvent(await deps.codec.decode(msg.value), { ...route, operations: Object.keys(route.operations) });
  } catch (err) {
    if (!(err instanceof MalformedError)) throw err;
    parsed = err.message;
  }
  if (typeof parsed === 'string') return dead('malformed', parsed);
  const { envelope, operation, payload } = parsed;
  const eventId = envelope.requestId;

  // 2. dedupe: a redelivery after a crash re-sends what the first pass published
  const hash = contentHash(operation, payload);
  const prior = await deps.processed.get(eventId);
  if (prior) {
    if (prior.contentHash !== hash) return dead('duplicate_id', `${route.idField} ${eventId} was already processed with other content`);
    deps.metrics.replays.inc({ topic: msg.topic });
    deps.logger.info('event.replayed', { ...where, eventId, operation });
    const o = prior.origin;
    const redelivered = !!o && o.topic === msg.topic && o.partition === msg.partition && o.offset === msg.offset;
    return redelivered ? encodeEvents(prior.events ?? [], deps) : [];
  }

  // 3. handle
  const handler = route.operations[operation];
  if (!handler) return dead('unknown_operation', `no handler for ${operation}`);
  let outcome: Outcome;
  try {
    outcome = await handler(payload, { requestId: eventId, envelope, key: msg.key });
  } catch (err) {
    if (isTransient(err)) throw err;
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    deps.metrics.internalErrors.inc({ topic: msg.topic, operation });
    deps.logger.error('handler.failed', { ...where, eventId, operation, error });
    return dead('handler_failed', `handler failed: ${error}`);
  }

  // 4. persist, then publish what the handler asked for
  const stored = await deps.processed.put({
    requestId: eventId, topic: msg.topic, contentHash: hash, reply: { messageCode: outcome.code }, replyTopic: '',
    key: msg.key, events: outcome.events ?? [], origin: where,
    processedAt: new Date(deps.now()), expiresAt: new Date(deps.now() + deps.retentionMs),
  });
  const durationMs = Date.now() - started;
  deps.metrics.requests.inc({ topic: msg.topic, operation, code: outcome.code });
  deps.metrics.duration.observe({ topic: msg.topic, operation }, durationMs / 1000);
  deps.logger.info('event.processed', { ...where, eventId, operation, messageCode: outcome.code, durationMs });
  return encodeEvents(stored.events, deps);
}
