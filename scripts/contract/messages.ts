// The AsyncAPI message objects of the contract: per operation its request and its reply
// (headers, key, Avro payload by reference to the .avsc file, every code it may answer
// with status and message in each language, examples), the ContactApproved event and
// the dead letter.
import type { Example } from './examples';
import { ID_MAX_LENGTH, ID_PATTERN } from './guarantees';
import type { CodeModel, EventModel, OperationModel, ServiceModel } from './model';

export const AVRO_FORMAT = 'application/vnd.apache.avro;version=1.9.0';
const KAFKA_BINDING = '0.5.0';

/** A payload by reference to its .avsc, relative to docs/. */
export const avroPayload = (file: string) => ({ schemaFormat: AVRO_FORMAT, schema: { $ref: `../${file}` } });

const kafkaMessage = (key: string) => ({
  kafka: {
    key: { type: 'string', description: key },
    schemaIdLocation: 'payload',
    schemaLookupStrategy: 'TopicIdStrategy',
    bindingVersion: KAFKA_BINDING,
  },
});

const correlationHeader = {
  type: 'string',
  maxLength: ID_MAX_LENGTH,
  pattern: ID_PATTERN,
  description: 'The requestId: replies copy it. Without it, a request that cannot be decoded goes to the .dlq.',
};

export function keyText(op: OperationModel): string {
  return op.keyFromRequestId
    ? `${op.keyField}, or the requestId when the request names no ${op.keyField}`
    : `${op.keyField}`;
}

/** The codes as a Markdown table: code, status, who answers it, the message in each locale. */
export function codeTable(codes: readonly CodeModel[], locales: readonly string[]): string {
  const who = { decision: 'the operation', runtime: 'the runtime', failure: 'an unexpected failure' };
  const rows = codes.map(
    (c) =>
      `| \`${c.code}\` | ${c.status} | ${who[c.origin]} | ${locales.map((l) => c.messages[l] ?? '').join(' | ')} |`,
  );
  return [
    `| code | status | answered by | ${locales.join(' | ')} |`,
    `|---|---|---|${locales.map(() => '---|').join('')}`,
    ...rows,
  ].join('\n');
}

export function requestMessage(s: ServiceModel, op: OperationModel, docOf: string, exs: readonly Example[]) {
  const replyTopics = s.extraReplyTopics
    ? `\`${s.replyTopic}\` or a further reply topic the deployment configured for this route`
    : `only \`${s.replyTopic}\``;
  return {
    name: op.name,
    title: `${op.name} request`,
    summary: docOf,
    description: `The \`${op.name}\` branch of the \`operation\` union of \`${s.requestSchema}\`, keyed by ${keyText(op)}.`,
    contentType: 'application/vnd.apache.avro+binary',
    correlationId: { $ref: '#/components/correlationIds/requestId' },
    headers: {
      type: 'object',
      required: ['correlation-id'],
      properties: {
        'correlation-id': correlationHeader,
        'reply-topic': {
          type: 'string',
          description: `Where the reply goes; may name ${replyTopics}. Any other topic is answered MalformedRequest.`,
        },
      },
    },
    payload: avroPayload(s.requestSchema),
    bindings: kafkaMessage(keyText(op)),
    examples: exs.map((e) => ({
      name: e.name,
      // A message example has no key of its own (nor room for an extension): the summary names it.
      summary: `${e.summary} (key ${e.key})`,
      headers: { 'correlation-id': String(e.request.requestId) },
      payload: e.request,
    })),
  };
}

export function replyMessage(s: ServiceModel, op: OperationModel, exs: readonly Example[]) {
  return {
    name: `${op.name}Reply`,
    title: `${op.name} reply`,
    summary: `The one reply to each ${op.name} request: Success (${op.successStatus}) or one of the codes below.`,
    description: `Keyed like its request. \`message\` is in the request's client language (${s.defaultLocale} by default).\n\n${codeTable(op.codes, s.locales)}`,
    contentType: 'application/vnd.apache.avro+binary',
    correlationId: { $ref: '#/components/correlationIds/requestId' },
    headers: {
      type: 'object',
      required: ['correlation-id', 'operation', 'message-code'],
      properties: {
        'correlation-id': correlationHeader,
        operation: { type: 'string', const: op.name },
        'message-code': { type: 'string', enum: op.codes.map((c) => c.code) },
      },
    },
    payload: avroPayload(s.replySchema),
    bindings: kafkaMessage(`the request's key (${keyText(op)})`),
    'x-codes': op.codes.map((c) => ({ code: c.code, status: c.status, answeredBy: c.origin, messages: c.messages })),
    examples: exs.map((e) => ({ name: e.name, summary: e.summary, headers: e.replyHeaders, payload: e.reply })),
  };
}

export function eventMessage(e: EventModel, name: string) {
  return {
    name,
    title: name,
    summary: `The \`${name}\` branch of \`${e.unionField}\` in \`${e.schema}\`, keyed by contactId.`,
    description:
      'Published in the same Kafka transaction as the reply to the approving UpdateContact. Carries no body and no policy number; the mail worker reads the approved contact itself.',
    contentType: 'application/vnd.apache.avro+binary',
    headers: {
      type: 'object',
      properties: { 'event-id': { type: 'string', description: `The event's ${e.idField}.` } },
    },
    payload: avroPayload(e.schema),
    bindings: kafkaMessage('contactId'),
  };
}

export function deadLetterMessage(headers: readonly string[]) {
  const meaning: Readonly<Record<string, string>> = {
    'dlq-error': 'What was wrong with the message.',
    'dlq-origin-topic': 'The topic it was read from.',
    'dlq-origin-partition': 'Its partition there.',
    'dlq-origin-offset': 'Its offset there.',
    'dlq-failed-at': 'When it was dead-lettered (ISO-8601).',
    'dlq-value-omitted':
      "Set when the dead letter carries neither the value nor the original headers: the value's size.",
  };
  return {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A message that could not be read and named no requester, bytes unchanged.',
    description: 'The original key and value, the original headers, and these headers naming the error and the origin.',
    contentType: 'application/octet-stream',
    headers: {
      type: 'object',
      required: headers.filter((h) => h !== 'dlq-value-omitted'),
      properties: Object.fromEntries(headers.map((h) => [h, { type: 'string', description: meaning[h] ?? h }])),
    },
    payload: { type: 'string', format: 'binary', description: 'The original bytes, unchanged (empty when omitted).' },
  };
}
