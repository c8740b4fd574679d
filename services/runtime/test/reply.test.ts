import type { MessageTable } from '../src/codes';
import { buildReply, replyHeaders } from '../src/reply';
import { type CommonReply, type Envelope, operation, type Outcome, type Route } from '../src/route';

const messages: MessageTable = {
  Success: { en_US: 'Done', pl_PL: 'Gotowe', ja_JP: '完了' },
  DuplicateRequestId: { en_US: 'Duplicate request id' },
  MalformedRequest: { en_US: 'Malformed request', pl_PL: 'Błędne żądanie' },
  InternalError: { en_US: 'Internal error' },
};
/** The route's own statuses, for operations it does not have ('Op' and 'CreateContact' here). */
const codes = { Success: 200, DuplicateRequestId: 409, MalformedRequest: 400, InternalError: 500 };

interface ReplyCall {
  common: CommonReply;
  outcome: Outcome;
  envelope: Envelope | null;
}

function makeRoute(calls: ReplyCall[] = []): Route {
  return {
    topic: 'crm.contact.requests',
    replyTopic: 'crm.contact.replies',
    dlqTopic: 'crm.contact.requests.dlq',
    messages,
    codes,
    defaultLocale: 'en_US',
    errorCode: 'InternalError',
    operations: {},
    reply(common, outcome, envelope) {
      calls.push({ common, outcome, envelope });
      return { ...common, contactId: outcome.entity?.contactId ?? null };
    },
  };
}

function envelope(clientLanguage: string | null, withLanguage = true): Envelope {
  return {
    requestId: 'r-1',
    sentAt: 1,
    source: 'test',
    responseLanguage: withLanguage ? { clientLanguage, cashierLanguage: 'ja_JP' } : null,
  };
}

const NOW = 1_700_000_000_000;

describe('buildReply', () => {
  it("takes the status from the route's own codes when the route has no such operation", () => {
    const r = buildReply(makeRoute(), {
      requestId: 'r-1',
      operation: 'CreateContact',
      outcome: { code: 'DuplicateRequestId' },
      envelope: envelope('en_US'),
      now: NOW,
    });
    expect(r).toMatchObject({
      requestId: 'r-1',
      operation: 'CreateContact',
      status: 409,
      messageCode: 'DuplicateRequestId',
      processedAt: NOW,
    });
  });

  it('lets the outcome override the status', () => {
    const r = buildReply(makeRoute(), {
      requestId: 'r-1',
      operation: 'CreateContact',
      outcome: { code: 'Success', status: 201 },
      envelope: envelope('en_US'),
      now: NOW,
    });
    expect(r.status).toBe(201);
    expect(r.messageCode).toBe('Success');
  });

  it('writes the message in the requested client language', () => {
    const r = buildReply(makeRoute(), {
      requestId: 'r',
      operation: 'Op',
      outcome: { code: 'Success' },
      envelope: envelope('pl_PL'),
      now: NOW,
    });
    expect(r.message).toBe('Gotowe');
    const j = buildReply(makeRoute(), {
      requestId: 'r',
      operation: 'Op',
      outcome: { code: 'Success' },
      envelope: envelope('ja_JP'),
      now: NOW,
    });
    expect(j.message).toBe('完了');
  });

  it.each<[string, Envelope | null]>([
    ['a language the code has no text for', envelope('de_DE')],
    ['a null client language', envelope(null)],
    ['no responseLanguage', envelope(null, false)],
    ['no envelope', null],
  ])('falls back to the default locale for %s', (_what, env) => {
    const r = buildReply(makeRoute(), {
      requestId: 'r',
      operation: 'Op',
      outcome: { code: 'Success' },
      envelope: env,
      now: NOW,
    });
    expect(r.message).toBe('Done');
  });

  it('falls back per code (pl_PL requested, code has only en_US)', () => {
    const r = buildReply(makeRoute(), {
      requestId: 'r',
      operation: 'Op',
      outcome: { code: 'InternalError' },
      envelope: envelope('pl_PL'),
      now: NOW,
    });
    expect(r.message).toBe('Internal error');
  });

  it('defaults details to [] and passes given details through', () => {
    const none = buildReply(makeRoute(), {
      requestId: 'r',
      operation: 'Op',
      outcome: { code: 'Success' },
      envelope: null,
      now: NOW,
    });
    expect(none.details).toEqual([]);
    const details = [{ field: 'phone', reason: 'not a phone number' }];
    const some = buildReply(makeRoute(), {
      requestId: 'r',
      operation: 'Op',
      outcome: { code: 'MalformedRequest', details },
      envelope: null,
      now: NOW,
    });
    expect(some.details).toEqual(details);
  });

  it('applies route.reply to the common fields and returns its result', () => {
    const calls: ReplyCall[] = [];
    const env = envelope('pl_PL');
    const outcome: Outcome = { code: 'Success', status: 201, entity: { contactId: 'c-9' } };
    const r = buildReply(makeRoute(calls), {
      requestId: 'r-1',
      operation: 'CreateContact',
      outcome,
      envelope: env,
      now: NOW,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.outcome).toBe(outcome);
    expect(calls[0]!.envelope).toBe(env);
    expect(calls[0]!.common).toEqual({
      requestId: 'r-1',
      operation: 'CreateContact',
      status: 201,
      messageCode: 'Success',
      message: 'Gotowe',
      details: [],
      processedAt: NOW,
    });
    expect(r).toEqual({ ...calls[0]!.common, contactId: 'c-9' });
  });

  it('refuses a code that is not in the table', () => {
    expect(() =>
      buildReply(makeRoute(), {
        requestId: 'r',
        operation: 'Op',
        outcome: { code: 'NoSuchCode' },
        envelope: null,
        now: NOW,
      }),
    ).toThrow(/NoSuchCode.*crm\.contact\.requests/);
  });
});

describe('buildReply with an operation', () => {
  const withOp = (): Route => ({
    ...makeRoute(),
    operations: {
      Known: operation<unknown, unknown>({
        entity: 'e',
        key: () => 'k',
        decide: () => ({ outcome: { code: 'Success' } }),
        codes: { Success: 204, MalformedRequest: 422, DuplicateRequestId: 409, InternalError: 500 },
        errorCode: 'InternalError',
        replyEntity: () => ({}),
      }),
    },
  });

  it("takes the status the operation lists, not the route's", () => {
    const status = (code: string, op: string) =>
      buildReply(withOp(), { requestId: 'r', operation: op, outcome: { code }, envelope: null, now: NOW }).status;
    expect([status('Success', 'Known'), status('MalformedRequest', 'Known')]).toEqual([204, 422]);
    expect([status('Success', 'Other'), status('MalformedRequest', 'Other')]).toEqual([200, 400]);
  });

  it('refuses a code the operation does not list, even one the route has', () => {
    const codesOnly = { ...withOp(), codes: { ...codes, Extra: 418 } };
    const messagesToo = { ...codesOnly, messages: { ...messages, Extra: { en_US: 'Extra' } } };
    expect(() =>
      buildReply(messagesToo, {
        requestId: 'r',
        operation: 'Known',
        outcome: { code: 'Extra' },
        envelope: null,
        now: NOW,
      }),
    ).toThrow(/Extra is not declared for Known/);
  });
});

describe('replyHeaders', () => {
  it('carries correlation-id, operation and message-code', () => {
    expect(replyHeaders('corr-1', 'ActivateCard', 'Success')).toEqual({
      'correlation-id': 'corr-1',
      operation: 'ActivateCard',
      'message-code': 'Success',
    });
  });
});
