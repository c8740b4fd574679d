// A chunk of one event partition (e.g. crm.contact.events for the mail worker):
// decode → look up processed events (one read) → run each new event's handler in
// offset order → record them (one write) → the events handlers publish, and dead
// letters for what cannot be handled. No reply. Handlers may do I/O and must be
// idempotent: a chunk retried after a transient failure runs them again.
//
// Throws only transient errors (the caller retries the chunk with backoff); a handler
// that fails while the worker's probe says a dependency is down counts as one.
import { MalformedError } from '../codec';
import { parseEvent, type Parsed } from '../envelope';
import { contentHash, processedKey, type ProcessedRecord } from '../processed';
import type { EventRoute, Outcome } from '../route';
import { isTransient, TransientError } from '../transient';
import type { InMessage, OutMessage } from '../transport';
import { deadLetterMessage, eventMessages, sameMessage } from './answers';
import { clip, idProblem } from './bounds';
import type { EngineDeps } from './deps';

export type DeadLetterReason = 'malformed' | 'duplicate_id' | 'unknown_operation' | 'handler_failed';

async function decode(route: EventRoute, msg: InMessage, deps: EngineDeps): Promise<Parsed | string> {
  try {
    if (!msg.value || msg.value.length === 0) throw new MalformedError('empty value');
    const parsed = parseEvent(await deps.codec.decode(msg.value, `${route.topic}-value`), {
      ...route,
      operations: Object.keys(route.operations),
    });
    if (typeof parsed === 'string') return parsed;
    const issue = idProblem(parsed.envelope.requestId);
    return issue ? `${route.idField} ${issue}` : parsed;
  } catch (err) {
    if (!(err instanceof MalformedError)) throw err;
    return err.message;
  }
}

export async function eventChunk(
  route: EventRoute,
  chunk: readonly InMessage[],
  deps: EngineDeps,
): Promise<OutMessage[]> {
  const parsed = await Promise.all(chunk.map((m) => decode(route, m, deps)));
  const ids = parsed.flatMap((p) =>
    typeof p === 'string' ? [] : [{ topic: route.topic, requestId: p.envelope.requestId }],
  );
  const prior = await deps.processed.getMany(ids);
  const out = new Map<InMessage, OutMessage[]>();
  const records: ProcessedRecord[] = [];
  const seen = new Map<string, ProcessedRecord>();
  const now = deps.now();
  const dead = (msg: InMessage, reason: DeadLetterReason, error: string): OutMessage[] => {
    deps.metrics.deadLetters.inc({ topic: msg.topic, reason });
    deps.logger.warn('request.dead_lettered', {
      topic: msg.topic,
      partition: msg.partition,
      offset: msg.offset,
      reason,
      error: clip(error),
    });
    return [deadLetterMessage(msg, route.dlqTopic, clip(error, 1000), now)];
  };
  for (const [i, msg] of chunk.entries()) {
    const p = parsed[i]!;
    if (typeof p === 'string') {
      out.set(msg, dead(msg, 'malformed', p));
      continue;
    }
    const where = { topic: msg.topic, partition: msg.partition, offset: msg.offset };
    const id = p.envelope.requestId;
    const hash = contentHash(p.operation, p.payload);
    const before = seen.get(id) ?? prior.get(processedKey({ topic: route.topic, requestId: id }));
    if (before) {
      if (before.contentHash !== hash) {
        out.set(msg, dead(msg, 'duplicate_id', `${route.idField} ${id} was already processed with other content`));
        continue;
      }
      deps.metrics.replays.inc({ topic: msg.topic });
      deps.logger.info('event.replayed', { ...where, eventId: id, operation: p.operation });
      out.set(msg, sameMessage(before.origin, msg) ? await eventMessages(before.events, deps.codec) : []);
      continue;
    }
    const handler = route.operations[p.operation];
    if (!handler) {
      out.set(msg, dead(msg, 'unknown_operation', `no handler for ${clip(p.operation, 64)}`));
      continue;
    }
    const started = Date.now();
    let outcome: Outcome;
    try {
      outcome = await handler(p.payload, { requestId: id, envelope: p.envelope, key: msg.key });
    } catch (err) {
      if (isTransient(err)) throw err;
      // Not a handler's fault while a dependency is down: the chunk waits and runs again.
      const down = await deps.probe?.();
      if (down) throw new TransientError(`${route.topic}: a handler failed while ${down.message}`, { cause: err });
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      deps.metrics.internalErrors.inc({ topic: msg.topic, operation: p.operation });
      deps.logger.error('handler.failed', { ...where, eventId: id, operation: p.operation, error: clip(error) });
      out.set(msg, dead(msg, 'handler_failed', `handler failed: ${error}`));
      continue;
    }
    const rec: ProcessedRecord = {
      requestId: id,
      topic: route.topic,
      contentHash: hash,
      reply: { messageCode: outcome.code },
      replyTopic: '',
      key: msg.key,
      events: outcome.events ?? [],
      origin: where,
      processedAt: new Date(now),
      expiresAt: new Date(now + deps.retentionMs),
    };
    records.push(rec);
    seen.set(id, rec);
    const durationMs = Date.now() - started;
    deps.metrics.requests.inc({ topic: msg.topic, operation: p.operation, code: outcome.code });
    deps.metrics.duration.observe({ topic: msg.topic, operation: p.operation }, durationMs / 1000);
    deps.logger.info('event.processed', {
      ...where,
      eventId: id,
      operation: p.operation,
      messageCode: outcome.code,
      durationMs,
    });
    out.set(msg, await eventMessages(rec.events, deps.codec));
  }
  await deps.processed.putMany(records);
  return chunk.flatMap((m) => out.get(m) ?? []);
}
