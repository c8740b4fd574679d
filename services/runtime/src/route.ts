// The routing table: topic → operation (the Avro union branch) → handler. A worker
// declares one table; validateRoutes checks it at start and stops the worker with
// a clear message when a topic, subject, operation or code is missing.
import type { CodeTable, Detail, Locale } from './codes';
import { COMMON_CODES } from './codes';

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

export interface Route {
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

export interface RouteCheckEnv {
  existingTopics: Set<string>;
  /** Operation names (union branch short names) the request schema declares. */
  schemaOperations(subject: string): Promise<string[]>;
  subjectExists(subject: string): Promise<boolean>;
}

export class RouteError extends Error {
  override readonly name = 'RouteError';
}

export async function validateRoutes(routes: Route[], env: RouteCheckEnv): Promise<void> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    if (seen.has(r.topic)) problems.push(`${r.topic}: routed twice`);
    seen.add(r.topic);
    for (const t of [r.topic, r.replyTopic, r.dlqTopic, ...(r.eventTopics ?? [])]) {
      if (!env.existingTopics.has(t)) problems.push(`${r.topic}: topic ${t} does not exist`);
    }
    for (const c of [...COMMON_CODES, ...Object.values(r.internalErrorCode ?? {})]) {
      if (!(c in r.codes)) problems.push(`${r.topic}: code table lacks ${c}`);
    }
    for (const [code, spec] of Object.entries(r.codes)) {
      if (!spec.messages[r.defaultLocale]) problems.push(`${r.topic}: code ${code} has no ${r.defaultLocale} message`);
    }
    for (const subject of [r.topic, r.replyTopic, ...(r.eventTopics ?? [])].map((t) => `${t}-value`)) {
      if (!(await env.subjectExists(subject))) problems.push(`${r.topic}: schema subject ${subject} is not registered`);
    }
    if (await env.subjectExists(`${r.topic}-value`)) {
      const ops = await env.schemaOperations(`${r.topic}-value`);
      for (const op of ops) if (!r.operations[op]) problems.push(`${r.topic}: operation ${op} has no handler`);
      for (const op of Object.keys(r.operations)) if (!ops.includes(op)) problems.push(`${r.topic}: handler ${op} is not an operation of the schema`);
    }
  }
  if (problems.length) throw new RouteError(`invalid routes:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
