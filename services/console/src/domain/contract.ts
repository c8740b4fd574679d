// The contract page's content (GET /contract), read from docs/asyncapi.yaml as parsed data:
// per channel its topic, keys and headers; per request/reply operation its two topics, its
// two messages and every code it can answer (status, retriable where the document says,
// the message in each language); the events; the dead-letter topics and their headers; the
// guarantees text. Pure: store/contract.ts reads and parses the file. Throws
// ContractShapeError, naming the path, when the document lacks something the page shows.
import { ContractShapeError, type Node, optNumber, optText, ShapeReader } from './contract-shape';
import { type TextBlock, textBlocks } from './text-blocks';

export interface ContractHeader {
  name: string;
  required: boolean;
  description: string | null;
  /** What values it may take (constant, list, length, pattern) as text; null when the document says nothing. */
  values: string | null;
}

export interface ContractMessage {
  name: string;
  /** What the Kafka key holds (e.g. `cardNumber`); null when the document does not say. */
  key: string | null;
  headers: ContractHeader[];
  /** The payload's schema file (`schemas/….avsc`); null when the payload is described inline. */
  schema: string | null;
  description: TextBlock[];
}

export interface ContractCode {
  code: string;
  status: number;
  /** null: the document does not say (codes are then not retried: a re-send is the caller's choice). */
  retriable: boolean | null;
  /** `decision`, `runtime` or `failure`, as scripts/contract/ writes it. */
  answeredBy: string | null;
  /** In the document's order: the route's default language first. */
  messages: { locale: string; text: string }[];
}

export interface ContractChannel {
  topic: string;
  description: TextBlock[];
  partitions: number | null;
  retentionMs: number | null;
  messages: ContractMessage[];
}

export interface ContractOperation {
  name: string;
  summary: string | null;
  requestTopic: string;
  replyTopic: string;
  request: ContractMessage;
  reply: ContractMessage;
  codes: ContractCode[];
}

export interface ContractEvent {
  name: string;
  topic: string;
  summary: string | null;
  message: ContractMessage;
}

export interface ContractPage {
  title: string;
  version: string;
  asyncapi: string;
  /** info.description: the wire format and the guarantees. */
  guarantees: TextBlock[];
  channels: ContractChannel[];
  operations: ContractOperation[];
  events: ContractEvent[];
  deadLetters: { topics: { topic: string; description: TextBlock[] }[]; message: ContractMessage | null };
}

const DEAD_LETTER = 'DeadLetter';

function header(r: ShapeReader, name: string, schema: unknown, required: boolean, path: string): ContractHeader {
  const s = r.node(schema, path);
  const maxLength = optNumber(s.maxLength);
  const pattern = optText(s.pattern);
  const values = [
    s.const !== undefined ? `always ${String(s.const)}` : null,
    Array.isArray(s.enum) ? `one of ${s.enum.map(String).join(', ')}` : null,
    maxLength !== null ? `at most ${maxLength} characters` : null,
    pattern !== null ? `matching ${pattern}` : null,
  ].filter((v): v is string => v !== null);
  return { name, required, description: optText(s.description), values: values.length ? values.join('; ') : null };
}

function message(r: ShapeReader, v: unknown, path: string): ContractMessage {
  const m = r.node(v, path);
  const headers = r.optNode(m.headers, `${path}.headers`);
  const required = new Set(Array.isArray(headers.required) ? headers.required : []);
  const kafka = r.optNode(r.optNode(m.bindings, `${path}.bindings`).kafka, `${path}.bindings.kafka`);
  const payload = r.optNode(m.payload, `${path}.payload`);
  // An external $ref (`../schemas/x.avsc`) is not followed: the page names the file.
  const schemaRef = optText(r.optNode(payload.schema, `${path}.payload.schema`).$ref);
  return {
    name: optText(m.name) ?? path.slice(path.lastIndexOf('.') + 1),
    key: optText(r.optNode(kafka.key, `${path}.bindings.kafka.key`).description),
    headers: Object.entries(r.optNode(headers.properties, `${path}.headers.properties`)).map(([name, s]) =>
      header(r, name, s, required.has(name), `${path}.headers.properties.${name}`),
    ),
    schema: schemaRef && !schemaRef.startsWith('#') ? schemaRef.replace(/^(\.\.\/)+/, '') : null,
    description: textBlocks(optText(m.description) ?? ''),
  };
}

function codes(r: ShapeReader, reply: Node, path: string): ContractCode[] {
  return r.list(reply['x-codes'] ?? [], `${path}.x-codes`).map((v, i) => {
    const at = `${path}.x-codes[${i}]`;
    const c = r.node(v, at);
    return {
      code: r.text(c.code, `${at}.code`),
      status: r.number(c.status, `${at}.status`),
      retriable: typeof c.retriable === 'boolean' ? c.retriable : null,
      answeredBy: optText(c.answeredBy),
      messages: Object.entries(r.optNode(c.messages, `${at}.messages`)).flatMap(([locale, text]) =>
        typeof text === 'string' ? [{ locale, text }] : [],
      ),
    };
  });
}

function first(r: ShapeReader, v: unknown, path: string): unknown {
  const [one] = r.list(v, path);
  if (one === undefined) throw new ContractShapeError(`${path}: expected at least one message`);
  return one;
}

function channels(r: ShapeReader, doc: Node): ContractChannel[] {
  return Object.entries(r.node(doc.channels, 'channels')).map(([id, v]) => {
    const path = `channels.${id}`;
    const c = r.node(v, path);
    const kafka = r.optNode(r.optNode(c.bindings, `${path}.bindings`).kafka, `${path}.bindings.kafka`);
    const config = r.optNode(kafka.topicConfiguration, `${path}.bindings.kafka.topicConfiguration`);
    return {
      topic: r.text(c.address, `${path}.address`),
      description: textBlocks(optText(c.description) ?? ''),
      partitions: optNumber(kafka.partitions),
      retentionMs: optNumber(config['retention.ms']),
      messages: Object.entries(r.optNode(c.messages, `${path}.messages`)).map(([name, m]) =>
        message(r, m, `${path}.messages.${name}`),
      ),
    };
  });
}

/** Throws ContractShapeError naming the first path that is not as the page needs it. */
export function contractPage(parsed: unknown): ContractPage {
  const r = new ShapeReader(parsed);
  const doc = r.node(parsed, '(document)');
  const asyncapi = r.text(doc.asyncapi, 'asyncapi');
  if (!asyncapi.startsWith('3.')) throw new ContractShapeError(`asyncapi: ${asyncapi}, expected 3.x`);
  const info = r.node(doc.info, 'info');
  const operations: ContractOperation[] = [];
  const events: ContractEvent[] = [];
  for (const [name, v] of Object.entries(r.optNode(doc.operations, 'operations'))) {
    const path = `operations.${name}`;
    const op = r.node(v, path);
    const topic = r.text(r.node(op.channel, `${path}.channel`).address, `${path}.channel.address`);
    const sent = r.list(op.messages, `${path}.messages`).map((m, i) => message(r, m, `${path}.messages[${i}]`));
    const [request] = sent;
    if (!request) throw new ContractShapeError(`${path}.messages: expected at least one message`);
    if (op.reply !== undefined) {
      const reply = r.node(op.reply, `${path}.reply`);
      const replyNode = r.node(first(r, reply.messages, `${path}.reply.messages`), `${path}.reply.messages[0]`);
      operations.push({
        name,
        summary: optText(op.summary),
        requestTopic: topic,
        replyTopic: r.text(r.node(reply.channel, `${path}.reply.channel`).address, `${path}.reply.channel.address`),
        request,
        reply: message(r, replyNode, `${path}.reply.messages[0]`),
        codes: codes(r, replyNode, `${path}.reply.messages[0]`),
      });
    } else if (!sent.every((m) => m.name === DEAD_LETTER))
      events.push(...sent.map((m) => ({ name: m.name, topic, summary: optText(op.summary), message: m })));
    // Dead-lettering operations are not listed: the dead-letter topics come from the channels.
  }
  const all = channels(r, doc);
  const dead = all.filter((c) => c.messages.length > 0 && c.messages.every((m) => m.name === DEAD_LETTER));
  return {
    title: r.text(info.title, 'info.title'),
    version: r.text(info.version, 'info.version'),
    asyncapi,
    guarantees: textBlocks(optText(info.description) ?? ''),
    channels: all,
    operations,
    events,
    deadLetters: {
      topics: dead.map((c) => ({ topic: c.topic, description: c.description })),
      message: dead[0]?.messages[0] ?? null,
    },
  };
}
