// The contract's examples, taken from two sources and never written by hand: the
// Polish source document's own requests and answers (test/fixtures/alcs-source) and
// the demo's story (scripts/lib/demo-story.ts), each request with the code it gets.
// A request example is in the JSON form `npm run ops -- request` reads (a union
// branch by its short name, decimals as numbers or strings, times as epoch ms or
// ISO-8601); its reply is what the route's own reply builder makes of that code.
import { DEFAULT_TOPIC } from '@workers/contracts';
import { type Envelope, localize, type Route } from '@workers/runtime';
import type { ContractModel } from './model';
import { demoStory } from '../lib/demo-story';
import { sourceExamples, sourceRequestJson } from '../../test/support/alcs-source';

/** A fixed instant, so the document changes only when a source does. */
export const EXAMPLE_TIME = Date.UTC(2026, 0, 15, 9, 0, 0);
/** Stands for the customerId a RegisterCard answer carries. */
const EXAMPLE_CUSTOMER_ID = '5f0c3e9a2b7d4c1e8a6f0b3d9c2e7a41';

export interface Example {
  /** Request topic, operation and a short name unique within the operation. */
  topic: string;
  operation: string;
  name: string;
  summary: string;
  key: string;
  request: Record<string, unknown>;
  reply: Record<string, unknown>;
  replyHeaders: Record<string, string>;
}

interface Raw {
  topic: string;
  name: string;
  summary: string;
  request: Record<string, unknown>;
  code: string;
  customerId?: boolean;
}

function rawExamples(): Raw[] {
  const alcs = sourceExamples().map((ex): Raw => {
    const requestId = `alcs-source-${ex.file.slice(0, 2)}`;
    return {
      topic: DEFAULT_TOPIC.CARD_REQUEST_TOPIC,
      name: `alcs-source-${ex.file.replace(/\.json$/, '')}`,
      summary: `ALCS source, ${ex.section}`,
      request: sourceRequestJson(ex, requestId, EXAMPLE_TIME),
      code: ex.expect.messageCode,
      customerId: ex.expect.customerId,
    };
  });
  const demo = demoStory('example', EXAMPLE_TIME).steps.map(
    (s, i): Raw => ({
      topic: s.topic,
      name: `demo-${String(i + 1).padStart(2, '0')}`,
      summary: `Demo: ${s.title}`,
      request: { requestId: `demo-example-${String(i + 1).padStart(2, '0')}`, sentAt: EXAMPLE_TIME, ...s.request },
      code: s.expect,
    }),
  );
  return [...alcs, ...demo];
}

const operationName = (r: Record<string, unknown>): string => Object.keys(r.operation as object)[0] ?? '';

/** Every example, its reply built by the route that answers its topic. */
export function examples(routes: readonly Route[], model: ContractModel): Example[] {
  return rawExamples().map((x) => {
    const route = routes.find((r) => r.topic === x.topic);
    if (!route) throw new Error(`example ${x.name}: no route answers ${x.topic}`);
    const operation = operationName(x.request);
    const op = route.operations[operation];
    if (!op) throw new Error(`example ${x.name}: ${x.topic} has no operation ${operation}`);
    const payload = (x.request.operation as Record<string, Record<string, unknown>>)[operation]!;
    const requestId = String(x.request.requestId);
    const entityKey = op.key(payload as never, requestId);
    const status = op.codes[x.code];
    if (status === undefined) throw new Error(`example ${x.name}: ${operation} does not answer ${x.code}`);
    const lang = (x.request.responseLanguage ?? null) as Envelope['responseLanguage'];
    const envelope = { requestId, sentAt: EXAMPLE_TIME, source: String(x.request.source), responseLanguage: lang };
    const entity = {
      ...op.replyEntity(payload as never, entityKey),
      ...(x.customerId ? { customerId: EXAMPLE_CUSTOMER_ID } : {}),
    };
    const reply = route.reply(
      {
        requestId,
        operation,
        status,
        messageCode: x.code,
        message: localize(route.messages, x.code, lang?.clientLanguage ?? undefined, route.defaultLocale),
        details: [],
        processedAt: EXAMPLE_TIME + 12,
      },
      { code: x.code, entity },
      envelope,
    );
    const keyField = model.services
      .find((s) => s.topic === x.topic)
      ?.operations.find((o) => o.name === operation)?.keyField;
    const key = keyField !== undefined ? payload[keyField] : undefined;
    return {
      topic: x.topic,
      operation,
      name: x.name,
      summary: x.summary,
      key: typeof key === 'string' ? key : requestId,
      request: x.request,
      reply,
      replyHeaders: { 'correlation-id': requestId, operation, 'message-code': x.code },
    };
  });
}
