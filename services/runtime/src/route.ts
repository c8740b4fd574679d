// The routing table: topic → operation (the Avro union branch) → handler. A worker
// declares one table; validateRoutes (route-check.ts) checks it at start and stops
// the worker with a clear message when a topic, subject, operation or code is missing.
// Two kinds of route: a request route answers every request with one reply; an
// event route consumes events (no reply) and dead-letters what it cannot handle.
import type { CodeTable, Detail, Locale } from './codes';

/** What a handler decides. The runtime turns it into the reply. */
export interface Outcome<C extends string = string> {
  code: C;
  /** Overrides the table's status (e.g. Success is 201 for a create, 204 for an update). */
  status?: number;
  details?: Detail[];
  /** Domain entity ids for the reply (e.g. cardNumber, customerId, contactId). */
  entity?: Record<string, string | number | null>;
  /** Events to publish with the reply, in the same Kafka transaction. */
  events?: EventOut[];
}

/** An event a handler publishes; encoded with the `<topic>-value` schema. */
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

/** The time, injected into handlers so their rules stay pure and testable. */
export interface Clock {
  now(): number;
}

export interface HandlerContext {
  requestId: string;
  envelope: Envelope;
  key: string | null;
}

/** A handler decides and applies; it never commits, retries, replies or dead-letters. */
export type Handler = (payload: unknown, ctx: HandlerContext) => Promise<Outcome>;

/** The fields every reply has (SPEC section 2); a route adds its domain's fields. */
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
  dlqTopic: string;
  codes: CodeTable<string>;
  defaultLocale: Locale;
  operations: Readonly<Record<string, Handler>>;
  /** Topics the handlers may publish events to (checked at start). */
  eventTopics?: string[];
  /** Code used when a handler throws unexpectedly, per operation (default InternalError). */
  internalErrorCode?: Readonly<Record<string, string>>;
  /** Completes the reply with domain fields (entity ids, a second language…). */
  reply(common: CommonReply, outcome: Outcome, envelope: Envelope | null): Record<string, unknown>;
}

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
