// A toy request route for the runtime's tests: counters that requests add to. Its
// decisions are pure, like a real domain's; a few operations misbehave on purpose.
import { operation, type MessageTable, type Route } from '../src';

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

const messages: MessageTable = {
  Success: { en_US: 'Done', pl_PL: 'Gotowe' },
  TooMuch: { en_US: 'Too much' },
  ValidationFailed: { en_US: 'Invalid' },
  DuplicateRequestId: { en_US: 'Duplicate request id' },
  MalformedRequest: { en_US: 'Malformed request' },
  InternalError: { en_US: 'Internal error' },
  AddFailed: { en_US: 'Add failed' },
};
/** What the runtime answers for every operation here (each validates). */
const RUNTIME = { ValidationFailed: 400, DuplicateRequestId: 409, MalformedRequest: 400 };

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
    messages,
    codes: { MalformedRequest: 400, InternalError: 500 },
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
        codes: { Success: 201, TooMuch: 422, ...RUNTIME, AddFailed: 500 },
        errorCode: 'AddFailed',
      }),
      Explode: operation<Add, Counter>({
        ...byId,
        validate: () => [],
        decide: () => {
          throw new TypeError('a bug');
        },
        codes: { Success: 200, ...RUNTIME, AddFailed: 500 },
        errorCode: 'AddFailed',
      }),
      Undeclared: operation<Add, Counter>({
        ...byId,
        validate: () => [],
        decide: () => ({ outcome: { code: 'TooMuch' } }),
        codes: { Success: 200, ...RUNTIME, InternalError: 500 },
        errorCode: 'InternalError',
      }),
    },
    reply: (common, outcome) => ({ ...common, id: outcome.entity?.id ?? null, n: outcome.entity?.n ?? null }),
  };
}
