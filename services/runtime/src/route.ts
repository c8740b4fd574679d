// The routing table: topic → operation (the Avro union branch) → what the runtime
// runs for it. A worker declares one table; validateRoutes (route-check.ts) checks
// it at start and stops the worker with a clear message when a topic, subject,
// operation or code is missing.
//
// Two kinds of route:
// - a request route answers every request with one reply. Each operation is a row
//   of data (validate, key, decide, every code it may answer with its status, and
//   its error code); the runtime runs validate → apply-once (batched) → reply.
// - an event route consumes events (no reply) with a handler per event type, and
//   dead-letters what it cannot handle.
import { dlqTopicOf } from '@workers/contracts';
import type { CodeStatuses, Detail, Locale, MessageBook, MessageTable } from './codes';

/** What a decision answers. The runtime turns it into the reply. */
export interface Outcome<C extends string = string> {
  code: C;
  /** Overrides the status the operation lists for `code`. */
  status?: number;
  details?: Detail[];
  /** Domain entity ids for the reply (e.g. cardNumber, customerId, contactId). */
  entity?: Record<string, string | number | null>;
  /** Events to publish with the reply, in the same Kafka transaction. */
  events?: EventOut[];
}

/** An event to publish; encoded with the `<topic>-value` schema. */
export interface EventOut {
  topic: string;
  key: string;
  value: Record<string, unknown>;
}

export interface Envelope {
  requestId: string;
  sentAt: number;
  source: string;
  responseLanguage: { clientLanguage: string | null; cashierLanguage: string | null } | null;
}

/** The time, injected so rules stay pure and testable. */
export interface Clock {
  now(): number;
}

/** What a decision sees besides the stored record and the payload. */
export interface DecideContext {
  requestId: string;
  envelope: Envelope;
  /** One instant per request, epoch ms. */
  now: number;
  /** A fresh id: 32 lowercase hex characters. A redelivered request gets the outcome stored
   * with its applied mark, so an id made here is never made twice for one request. */
  newId(): string;
}

/** A decision: the answer, and the record to store when the request changes it. */
export interface Decision<R> {
  outcome: Outcome;
  write?: R;
}

/**
 * One operation of a request route. `validate` and `decide` are pure: the runtime
 * reads the entity, decides every request of one entity in offset order against the
 * evolving record, writes the result once with the requests' applied marks, and
 * answers. Contract: `decide` may throw only on a programming error (answered with
 * `errorCode`, never retried); its outcome's code must be one of `codes`.
 */
export interface Operation<P = never, R = never> {
  /** Name of the entity store the operation reads and writes. */
  entity: string;
  /** The id of the entity the request acts on. */
  key(payload: P, requestId: string): string;
  /** Field-level problems; any problem answers ValidationFailed without reading the entity. Absent: nothing to validate. */
  validate?(payload: P): Detail[];
  decide(current: R | null, payload: P, ctx: DecideContext): Decision<R>;
  /**
   * Every code the operation may answer, with the reply's status: Success (204 when
   * the reply carries nothing, 201 for a create…), what `decide` answers, `errorCode`,
   * and what the runtime answers for it (runtimeCodes in codes.ts; route-check.ts
   * refuses a list that omits one).
   */
  codes: CodeStatuses;
  /** Code of an unexpected failure of this operation (one of `codes`). */
  errorCode: string;
  /** Entity ids of a reply given without a decision (ValidationFailed, errors). */
  replyEntity(payload: P, key: string): Record<string, string | number | null>;
}

/** An operation with its payload and record types erased, as a route holds it. */
export type AnyOperation = Operation<never, never>;

/** Declares an operation with its own payload and record types (checked here, erased in the table). */
export function operation<P, R>(op: Operation<P, R>): AnyOperation {
  return op as unknown as AnyOperation;
}

/** The fields every reply has; a route adds its domain's fields. */
export interface CommonReply {
  requestId: string;
  operation: string;
  status: number;
  messageCode: string;
  message: string;
  details: Detail[];
  processedAt: number;
}

/** A request topic: every request gets exactly one reply. */
export interface Route {
  kind?: 'request';
  topic: string;
  replyTopic: string;
  /** Further topics a request's `reply-topic` header may name; any other name is refused. */
  replyTopicsAllowed?: readonly string[];
  dlqTopic: string;
  /** Reply texts of every code the route and its operations answer. */
  messages: MessageTable;
  defaultLocale: Locale;
  /** What the route answers when no operation can be named, with its status: MalformedRequest and `errorCode`. */
  codes: CodeStatuses;
  /** Code of an unexpected failure outside any operation (e.g. a reply that cannot be built). */
  errorCode: string;
  operations: Readonly<Record<string, AnyOperation>>;
  /** Topics decisions may publish events to (checked at start). */
  eventTopics?: string[];
  /** Completes the reply with domain fields (entity ids, a second language…). */
  reply(common: CommonReply, outcome: Outcome, envelope: Envelope | null): Record<string, unknown>;
}

/** A request route as a worker declares it: its dead letters go to its topic's (dlqTopicOf), its texts and default locale come from its message book. */
export function requestRoute(
  r: Omit<Route, 'kind' | 'dlqTopic' | 'messages' | 'defaultLocale'> & { messages: MessageBook<string> },
): Route {
  const { messages, ...route } = r;
  return { ...route, dlqTopic: dlqTopicOf(r.topic), messages: messages.table, defaultLocale: messages.defaultLocale };
}

/** The status of `code` answered to a request naming `operation`: the operation's when the route has it, else the route's own. */
export function statusOf(route: Route, operation: string, code: string): number | undefined {
  const op = Object.hasOwn(route.operations, operation) ? route.operations[operation] : undefined;
  const statuses = op ? op.codes : route.codes;
  return Object.hasOwn(statuses, code) ? statuses[code] : undefined;
}

export interface HandlerContext {
  requestId: string;
  envelope: Envelope;
  key: string | null;
}

/** An event handler: may do I/O; never commits, retries, replies or dead-letters. */
export type Handler = (payload: unknown, ctx: HandlerContext) => Promise<Outcome>;

/**
 * An event topic (for example crm.contact.events): no reply. The event's id field
 * plays the requestId's part for idempotency; the union field names the event type.
 * A handler that throws (not transiently) dead-letters the event with its error.
 */
export interface EventRoute {
  kind: 'event';
  topic: string;
  dlqTopic: string;
  /** Field holding the event's unique id (e.g. eventId). */
  idField: string;
  /** Field holding the union of event records (e.g. event). */
  unionField: string;
  /** Field holding the event time (epoch ms), passed on as the envelope's sentAt. */
  timeField?: string;
  operations: Readonly<Record<string, Handler>>;
  eventTopics?: string[];
}

export type AnyRoute = Route | EventRoute;

export function isEventRoute(r: AnyRoute): r is EventRoute {
  return r.kind === 'event';
}
