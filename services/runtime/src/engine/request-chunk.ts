// A chunk of one request partition through the runtime, in five steps, each a
// batch over the whole chunk: decode (incoming.ts) → look up processed requests
// (one read) → apply new requests (apply.ts: one read and one write per entity
// store) → record the replies (one write) → encode replies, events and dead
// letters in offset order. The caller commits them with the chunk's offset in one
// Kafka transaction.
//
// Throws only transient errors (the caller retries the chunk with backoff); every
// other failure of a request becomes its reply or a dead letter.
import { buildReply } from '../reply';
import type { Detail } from '../codes';
import type { Outcome, Route } from '../route';
import { processedKey, type ProcessedRecord } from '../processed';
import type { InMessage, OutMessage } from '../transport';
import { applyAll, loadEntities } from './apply';
import { deadLetterMessage, eventMessages, replyMessage, sameMessage } from './answers';
import type { EngineDeps } from './deps';
import { incoming, type Malformed, type Request } from './incoming';
import { reportAnswer, stepTimer } from './report';
import { clip } from './bounds';
import type { ChunkTiming } from './chunk-timing';

type Answer =
  | { kind: 'record'; request: Request; record: ProcessedRecord; withEvents: boolean; replayed: boolean }
  | {
      kind: 'reply';
      msg: InMessage;
      requestId: string;
      correlationId: string;
      operation: string;
      replyTopic: string;
      outcome: Outcome;
      envelope: Request['envelope'] | null;
    }
  | { kind: 'dead'; msg: InMessage; reason: string };

function statusOf(route: Route, r: Request, o: Outcome): Outcome {
  if (o.status !== undefined || o.code !== 'Success') return o;
  return { ...o, status: route.operations[r.operation]?.codes.Success };
}

/** A reply the runtime answers itself, naming the message's ids and operation. */
function replyTo(
  m: Malformed | Request,
  outcome: Outcome,
  replyTopic: string,
  envelope: Request['envelope'] | null,
): Answer {
  const { msg, requestId, correlationId, operation } = m;
  return { kind: 'reply', msg, requestId, correlationId, operation, replyTopic, outcome, envelope };
}

function malformedAnswer(m: Malformed): Answer {
  return replyTo(m, { code: 'MalformedRequest', details: [{ field: m.field, reason: m.reason }] }, '', null);
}

function duplicateAnswer(r: Request): Answer {
  const reason = 'already used for a request with other content';
  return replyTo(
    r,
    { code: 'DuplicateRequestId', details: [{ field: 'requestId', reason }] },
    r.replyTopic,
    r.envelope,
  );
}

/** `timing`, when given, receives each step's ms (chunk-timing.ts). */
export async function requestChunk(
  route: Route,
  chunk: readonly InMessage[],
  deps: EngineDeps,
  timing?: ChunkTiming,
): Promise<OutMessage[]> {
  const started = Date.now();
  const step = stepTimer(deps.metrics, route.topic, timing?.ms);
  const items = await Promise.all(chunk.map((m) => incoming(route, m, deps.codec)));
  step('decode');
  const answers = new Map<InMessage, Answer>();
  const requests: Request[] = [];
  for (const it of items) {
    if (it.kind === 'request') requests.push(it);
    else if (it.kind === 'malformed') answers.set(it.msg, malformedAnswer(it));
    else answers.set(it.msg, { kind: 'dead', msg: it.msg, reason: it.reason });
  }

  // Which requests are valid, and the entities they act on: read together with the
  // processed records (two reads at once), though only new requests will use them.
  const problems = new Map<Request, Detail[]>();
  for (const r of requests) {
    const details = route.operations[r.operation]!.validate?.(r.payload as never) ?? [];
    if (details.length > 0) problems.set(r, details);
  }
  const [prior, preloaded] = await Promise.all([
    deps.processed.getMany(requests.map((r) => ({ topic: route.topic, requestId: r.requestId }))),
    loadEntities(
      route,
      requests.filter((r) => !problems.has(r)),
      deps,
    ),
  ]);

  step('read');

  // Processed before, or earlier in this chunk: answered from the record, never applied again.
  const first = new Map<string, Request>();
  const fresh: Request[] = [];
  const followers: Request[] = [];
  for (const r of requests) {
    const rec = prior.get(processedKey({ topic: route.topic, requestId: r.requestId }));
    if (rec)
      answers.set(
        r.msg,
        rec.contentHash === r.hash
          ? { kind: 'record', request: r, record: rec, withEvents: sameMessage(rec.origin, r.msg), replayed: true }
          : duplicateAnswer(r),
      );
    else if (first.has(r.requestId)) followers.push(r);
    else {
      first.set(r.requestId, r);
      fresh.push(r);
    }
  }

  // Apply what is valid.
  const outcomes = new Map<Request, Outcome>();
  const valid: Request[] = [];
  for (const r of fresh) {
    const op = route.operations[r.operation]!;
    const details = problems.get(r);
    if (details)
      outcomes.set(r, {
        code: 'ValidationFailed',
        details,
        entity: op.replyEntity(r.payload as never, op.key(r.payload as never, r.requestId)),
      });
    else valid.push(r);
  }
  for (const [r, o] of await applyAll(route, valid, deps, preloaded)) outcomes.set(r, o);
  step('apply');
  deps.crash?.(
    'after-entities',
    fresh.map((r) => r.requestId),
  );

  // Record every answer before it leaves: a re-sent request gets the same one.
  const now = deps.now();
  const records: ProcessedRecord[] = fresh.map((r) => {
    const outcome = statusOf(route, r, outcomes.get(r)!);
    return {
      requestId: r.requestId,
      topic: route.topic,
      contentHash: r.hash,
      reply: buildReply(route, { requestId: r.requestId, operation: r.operation, outcome, envelope: r.envelope, now }),
      replyTopic: r.replyTopic,
      events: outcome.events ?? [],
      origin: { topic: r.msg.topic, partition: r.msg.partition, offset: r.msg.offset },
      key: r.msg.key,
      processedAt: new Date(now),
      expiresAt: new Date(now + deps.retentionMs),
    };
  });
  const stored = await deps.processed.putMany(records);
  step('record');
  deps.crash?.(
    'after-records',
    fresh.map((r) => r.requestId),
  );
  for (const r of fresh) {
    const rec = stored.get(processedKey({ topic: route.topic, requestId: r.requestId }))!;
    answers.set(r.msg, {
      kind: 'record',
      request: r,
      record: rec,
      withEvents: sameMessage(rec.origin, r.msg),
      replayed: false,
    });
  }
  for (const r of followers) {
    const rec = stored.get(processedKey({ topic: route.topic, requestId: r.requestId }))!;
    answers.set(
      r.msg,
      rec.contentHash === r.hash
        ? { kind: 'record', request: r, record: rec, withEvents: false, replayed: true }
        : duplicateAnswer(r),
    );
  }
  const out = await encodeAll(route, chunk, answers, deps, started);
  step('encode');
  return out;
}

async function encodeAll(
  route: Route,
  chunk: readonly InMessage[],
  answers: Map<InMessage, Answer>,
  deps: EngineDeps,
  started: number,
): Promise<OutMessage[]> {
  const now = deps.now();
  const out: OutMessage[] = [];
  for (const msg of chunk) {
    const a = answers.get(msg);
    if (!a) throw new TypeError(`no answer for offset ${msg.offset}`);
    if (a.kind === 'dead') {
      deps.metrics.deadLetters.inc({ topic: msg.topic, reason: 'malformed' });
      deps.logger.warn('request.dead_lettered', {
        topic: msg.topic,
        partition: msg.partition,
        offset: msg.offset,
        error: clip(a.reason),
      });
      out.push(deadLetterMessage(msg, route.dlqTopic, a.reason, now));
    } else if (a.kind === 'reply') {
      const reply = buildReply(route, {
        requestId: a.requestId,
        operation: a.operation,
        outcome: a.outcome,
        envelope: a.envelope,
        now,
      });
      reportAnswer(
        deps,
        msg,
        {
          requestId: a.requestId,
          operation: a.operation,
          code: a.outcome.code,
          replayed: false,
          error: a.outcome.code === 'MalformedRequest' ? a.outcome.details?.[0]?.reason : undefined,
        },
        started,
      );
      out.push(
        await replyMessage(route, deps.codec, {
          msg,
          topic: a.replyTopic || route.replyTopic,
          reply,
          correlationId: a.correlationId,
          operation: a.operation,
        }),
      );
    } else {
      const r = a.request;
      const reply = a.record.reply as Record<string, unknown>;
      reportAnswer(
        deps,
        msg,
        { requestId: r.requestId, operation: r.operation, code: String(reply.messageCode), replayed: a.replayed },
        started,
      );
      out.push(
        await replyMessage(route, deps.codec, {
          msg,
          topic: r.replyTopic,
          reply,
          correlationId: r.correlationId,
          operation: r.operation,
        }),
      );
      if (a.withEvents) out.push(...(await eventMessages(a.record.events, deps.codec)));
    }
  }
  return out;
}
