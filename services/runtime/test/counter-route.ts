// A toy request route for the runtime's tests: counters that requests add to. Its
// decisions are pure, like a real domain's; a few operations misbehave on purpose.
import { operation, type CodeTable, type Route } from '../src';

export interface Counter {
  id: string;
  n: number;
  /** requestIds that changed it, in order. */
  by: string[];
}

export interface Add {
  id: string;
  amount: number;
}

const codes: CodeTable<string> = {
  Success: { status: 200, messages: { en_US: 'Done', pl_PL: 'Gotowe' } },
  TooMuch: { status: 422, messages: { en_US: 'Too much' } },
  ValidationFailed: { status: 400, messages: { en_US: 'Invalid' } },
  DuplicateRequestId: { status: 409, messages: { en_US: 'Duplicate request id' } },
  MalformedRequest: { status: 400, messages: { en_US: 'Malformed request' } },
  InternalError: { status: 500, messages: { en_US: 'Internal error' } },
  AddFailed: { status: 500, messages: { en_US: 'Add failed' } },
};

export const TOPIC = 'test.counters.requests';
export const REPLIES = 'test.counters.replies';
export const OTHER_REPLIES = 'test.counters.pos17.replies';
export const EVENTS = 'test.counters.events';

const byId = { entity: 'counters', key: (r: Add) => r.id, replyEntity: (r: Add) => ({ id: r.id, n: null }) };

export function counterRoute(topic = TOPIC, replies = REPLIES): Route {
  return {
    topic,
    replyTopic: replies,
    replyTopicsAllowed: [OTHER_REPLIES],
    dlqTopic: `${topic}.dlq`,
    codes,
    defaultLocale: 'en_US',
    errorCode: 'InternalError',
    eventTopics: [EVENTS],
    operations: {
      Add: operation<Add, Counter>({
        ...byId,
        validate: (r) => (Number.isInteger(r.amount) ? [] : [{ field: 'amount', reason: 'must be an integer' }]),
        decide: (cur, r, ctx) => {
          const n = (cur?.n ?? 0) + r.amount;
          if (n > 100) return { outcome: { code: 'TooMuch', entity: { id: r.id, n: cur?.n ?? 0 } } };
          const next = { id: r.id, n, by: [...(cur?.by ?? []), ctx.requestId] };
          const events =
            n === 100
              ? [{ topic: EVENTS, key: r.id, value: { eventId: ctx.newId(), id: r.id, at: ctx.now } }]
              : undefined;
          return { outcome: { code: 'Success', entity: { id: r.id, n }, ...(events ? { events } : {}) }, write: next };
        },
        codes: ['Success', 'TooMuch'],
        successStatus: 201,
        errorCode: 'AddFailed',
      }),
      Explode: operation<Add, Counter>({
        ...byId,
        validate: () => [],
        decide: () => {
          throw new TypeError('a bug');
        },
        codes: ['Success'],
        successStatus: 200,
        errorCode: 'AddFailed',
      }),
      Undeclared: operation<Add, Counter>({
        ...byId,
        validate: () => [],
        decide: () => ({ outcome: { code: 'TooMuch' } }),
        codes: ['Success'],
        successStatus: 200,
        errorCode: 'InternalError',
      }),
    },
    reply: (common, outcome) => ({ ...common, id: outcome.entity?.id ?? null, n: outcome.entity?.n ?? null }),
  };
}
