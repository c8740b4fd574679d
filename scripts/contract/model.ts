// The wire contract as data, read from the routing tables themselves (the routes the
// workers run, built with the declared topic names): per request topic its reply
// topic, dead-letter topic and operations; per operation its key, and every code it
// can answer with status and message in each language, read from the operation's own
// list (its file under services/<worker>/src/operations/), which names every code it can
// answer: what its decision answers, what the runtime answers for it (runtimeCodes) and
// its error code (an unexpected failure). A request naming no known operation is answered
// by the route itself: MalformedRequest, or the route's error code when even that reply fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPIC, TOPICS } from '@workers/contracts';
import { repoRoot } from '@workers/devstack';
import { DLQ_HEADERS, type EventRoute, isEventRoute, type Route, runtimeCodes } from '@workers/runtime';
import { cardRoutes } from '../../services/card-worker/src/routes';
import { contactRoutes } from '../../services/contact-worker/src/routes';
import { mailRoutes } from '../../services/mail-worker/src/routes';

export interface CodeModel {
  code: string;
  status: number;
  /** Locale → text; the route's default locale first. */
  messages: Record<string, string>;
  /** Who answers it: the operation's decision, the runtime (common codes), or an unexpected failure. */
  origin: 'decision' | 'runtime' | 'failure';
}

export interface OperationModel {
  name: string;
  /** The Avro union branch's full name (namespace.Name). */
  branch: string;
  /** Payload field whose value is the message key. */
  keyField: string;
  /** True when a request without `keyField` is keyed by its requestId (a create without an id). */
  keyFromRequestId: boolean;
  successStatus: number;
  errorCode: string;
  codes: CodeModel[];
}

export interface ServiceModel {
  /** The client's name for the route: cards, contacts, accounts. */
  name: 'cards' | 'contacts' | 'accounts';
  topic: string;
  replyTopic: string;
  dlqTopic: string;
  /** True when the deployment may configure further reply topics for a `reply-topic` header. */
  extraReplyTopics: boolean;
  eventTopics: string[];
  requestSchema: string;
  replySchema: string;
  namespace: string;
  defaultLocale: string;
  locales: string[];
  /** Codes the route answers when no operation can be named: MalformedRequest, and its error code. */
  routeCodes: CodeModel[];
  operations: OperationModel[];
}

export interface EventModel {
  topic: string;
  dlqTopic: string;
  schema: string;
  idField: string;
  unionField: string;
  events: string[];
}

export interface ContractModel {
  services: ServiceModel[];
  events: EventModel[];
  dlqHeaders: string[];
}

const SERVICE_OF: Readonly<Record<string, ServiceModel['name']>> = {
  [DEFAULT_TOPIC.CARD_REQUEST_TOPIC]: 'cards',
  [DEFAULT_TOPIC.CONTACT_REQUEST_TOPIC]: 'contacts',
  [DEFAULT_TOPIC.ACCOUNT_REQUEST_TOPIC]: 'accounts',
};
const ORIGIN_ORDER: readonly CodeModel['origin'][] = ['decision', 'runtime', 'failure'];
const PROBE_REPLY = '\u0000probe-reply-topic';
const PROBE_REQUEST = 'probe-request-id';

const schemaFile = (topic: string): string => {
  const t = TOPICS.find((x) => x.name === topic);
  if (!t?.schemaFile) throw new Error(`${topic} has no declared schema`);
  return t.schemaFile;
};
const avsc = (file: string): { namespace: string; fields: { name: string; type: unknown }[] } =>
  JSON.parse(readFileSync(join(repoRoot, file), 'utf8'));

/**
 * What a routing table is given for its decisions (crypto, phone sealing…): any property
 * of it is itself, and calling it throws. The generator reads the tables and runs no decision.
 */
const inert: never = new Proxy(() => undefined, {
  get: (): unknown => inert,
  apply: (): never => {
    throw new Error('the contract generator runs no decision');
  },
}) as never;

/** A routing table's builder called with `inert` for whatever dependencies it takes (none, or some). */
const withDeps =
  <T>(build: (topics: T, ...deps: never[]) => Route[]) =>
  (topics: T, deps: never): Route[] =>
    (build as (topics: T, deps: never) => Route[])(topics, deps);

/** The routes as the workers build them under the declared topic names. */
export function declaredRoutes(): { requests: Route[]; events: EventRoute[] } {
  const requests = [
    ...withDeps(cardRoutes)(
      {
        requests: DEFAULT_TOPIC.CARD_REQUEST_TOPIC,
        replies: DEFAULT_TOPIC.CARD_REPLY_TOPIC,
        extraReplies: [PROBE_REPLY],
      },
      inert,
    ),
    ...withDeps(contactRoutes)(
      {
        contactRequests: DEFAULT_TOPIC.CONTACT_REQUEST_TOPIC,
        contactReplies: DEFAULT_TOPIC.CONTACT_REPLY_TOPIC,
        accountRequests: DEFAULT_TOPIC.ACCOUNT_REQUEST_TOPIC,
        accountReplies: DEFAULT_TOPIC.ACCOUNT_REPLY_TOPIC,
        events: DEFAULT_TOPIC.CONTACT_EVENT_TOPIC,
      },
      inert,
    ),
  ];
  const events = mailRoutes(DEFAULT_TOPIC.CONTACT_EVENT_TOPIC, inert);
  return { requests: requests.filter((r) => !isEventRoute(r)), events };
}

/**
 * The payload field an operation's key function reads, found by asking it: with every
 * field holding its own name, the key it returns is the field's name; with every field
 * null, a key that still comes back is derived from the requestId.
 */
function keyOf(
  route: Route,
  name: string,
  record: { fields: { name: string; type: unknown }[] },
): { keyField: string; keyFromRequestId: boolean } {
  const op = route.operations[name]!;
  const fields = record.fields.map((f) => f.name);
  const keyField = op.key(Object.fromEntries(fields.map((f) => [f, f])) as never, PROBE_REQUEST);
  const type = record.fields.find((f) => f.name === keyField)?.type;
  if (type === undefined) throw new Error(`${route.topic}: ${name}'s key is no field of its payload`);
  // Only a field the schema lets be null can be absent.
  if (!(Array.isArray(type) && type.includes('null'))) return { keyField, keyFromRequestId: false };
  let fromId = true;
  try {
    fromId = typeof op.key(Object.fromEntries(fields.map((f) => [f, null])) as never, PROBE_REQUEST) === 'string';
  } catch {
    fromId = false;
  }
  return { keyField, keyFromRequestId: fromId };
}

function codeModel(route: Route, code: string, origin: CodeModel['origin'], status: number | undefined): CodeModel {
  const texts = route.messages[code];
  if (!texts || status === undefined) throw new Error(`${route.topic}: code ${code} has no status or no texts`);
  const messages = { [route.defaultLocale]: texts[route.defaultLocale]!, ...texts };
  return { code, status, messages, origin };
}

function serviceModel(route: Route): ServiceModel {
  const name = SERVICE_OF[route.topic];
  if (!name) throw new Error(`${route.topic} is no declared request topic`);
  const schema = avsc(schemaFile(route.topic));
  const union = schema.fields.find((f) => f.name === 'operation')?.type as {
    name: string;
    fields: { name: string; type: unknown }[];
  }[];
  const operations = Object.entries(route.operations).map(([opName, op]): OperationModel => {
    const record = union.find((r) => r.name === opName);
    if (!record) throw new Error(`${route.topic}: ${opName} is no branch of the schema's operation union`);
    // In the order the operation lists them, grouped by who answers them.
    const runtime = new Set<string>(runtimeCodes(op.validate !== undefined));
    const origin = (c: string): CodeModel['origin'] =>
      c === op.errorCode ? 'failure' : runtime.has(c) ? 'runtime' : 'decision';
    const codes = Object.entries(op.codes)
      .map(([c, status]) => codeModel(route, c, origin(c), status))
      .sort((a, b) => ORIGIN_ORDER.indexOf(a.origin) - ORIGIN_ORDER.indexOf(b.origin));
    const successStatus = op.codes.Success;
    if (successStatus === undefined) throw new Error(`${route.topic}: ${opName} cannot answer Success`);
    return {
      name: opName,
      branch: `${schema.namespace}.${opName}`,
      ...keyOf(route, opName, record),
      successStatus,
      errorCode: op.errorCode,
      codes,
    };
  });
  const allowed = route.replyTopicsAllowed ?? [];
  return {
    name,
    topic: route.topic,
    replyTopic: route.replyTopic,
    dlqTopic: route.dlqTopic,
    extraReplyTopics: allowed.includes(PROBE_REPLY),
    eventTopics: route.eventTopics ?? [],
    requestSchema: schemaFile(route.topic),
    replySchema: schemaFile(route.replyTopic),
    namespace: schema.namespace,
    defaultLocale: route.defaultLocale,
    locales: Object.keys(route.messages.Success ?? {}),
    routeCodes: [
      codeModel(route, 'MalformedRequest', 'runtime', route.codes.MalformedRequest),
      codeModel(route, route.errorCode, 'failure', route.codes[route.errorCode]),
    ],
    operations,
  };
}

export function contractModel(): ContractModel {
  const { requests, events } = declaredRoutes();
  return {
    services: requests.map(serviceModel),
    events: events.map((e) => ({
      topic: e.topic,
      dlqTopic: e.dlqTopic,
      schema: schemaFile(e.topic),
      idField: e.idField,
      unionField: e.unionField,
      events: Object.keys(e.operations),
    })),
    dlqHeaders: Object.values(DLQ_HEADERS),
  };
}
