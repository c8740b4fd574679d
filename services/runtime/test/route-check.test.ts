import type { CodeStatuses, MessageTable } from '../src/codes';
import { RouteError, validateRoutes, type RouteCheckEnv } from '../src/route-check';
import { operation, type AnyOperation, type EventRoute, type Handler, type Route } from '../src/route';

const handler: Handler = async () => ({ code: 'Success' });
const op = (over: Partial<AnyOperation> = {}): AnyOperation =>
  operation<unknown, unknown>({
    entity: 'cards',
    key: () => 'k',
    validate: () => [],
    decide: () => ({ outcome: { code: 'Success' } }),
    codes: validCodes,
    errorCode: 'InternalError',
    replyEntity: () => ({}),
    ...(over as object),
  });
function without(table: CodeStatuses, code: string): CodeStatuses {
  const copy: Record<string, number> = { ...table };
  delete copy[code];
  return copy;
}
/** Every code an operation that validates must list, with InternalError its error code. */
const validCodes: CodeStatuses = {
  Success: 200,
  DuplicateRequestId: 409,
  MalformedRequest: 400,
  ValidationFailed: 400,
  InternalError: 500,
};
const messages: MessageTable = {
  Success: { en_US: 'Done' },
  DuplicateRequestId: { en_US: 'Duplicate' },
  MalformedRequest: { en_US: 'Malformed' },
  ValidationFailed: { en_US: 'Invalid' },
  InternalError: { en_US: 'Internal' },
  ActivationFailed: { en_US: 'Activation failed' },
};

function route(topic: string, over: Partial<Route> = {}): Route {
  return {
    topic,
    replyTopic: `${topic}.replies`,
    dlqTopic: `${topic}.dlq`,
    messages,
    codes: { MalformedRequest: 400, InternalError: 500 },
    defaultLocale: 'en_US',
    errorCode: 'InternalError',
    operations: { ActivateCard: op(), BlockCard: op() },
    reply: (common) => ({ ...common }),
    ...over,
  };
}

interface FakeEnv extends RouteCheckEnv {
  opsAsked: string[];
}

function env(topicNames: string[], opts: { missingSubjects?: string[]; ops?: Record<string, string[]> } = {}): FakeEnv {
  const topics = new Set(topicNames.flatMap((t) => [t, `${t}.replies`, `${t}.dlq`]));
  // Subjects exist for every route's request and reply topics, registered or not on the cluster.
  const subjects = new Set(
    ['t', 'a', 'ok', 'nope', 'alcs.card', 'crm.contact']
      .flatMap((t) => [`${t}-value`, `${t}.replies-value`])
      .concat('t.other-value'),
  );
  const opsAsked: string[] = [];
  return {
    existingTopics: topics,
    entityStores: new Set(['cards']),
    opsAsked,
    async subjectExists(subject) {
      return !(opts.missingSubjects ?? []).includes(subject) && subjects.has(subject);
    },
    async schemaOperations(subject) {
      opsAsked.push(subject);
      return opts.ops?.[subject] ?? ['ActivateCard', 'BlockCard'];
    },
  };
}

async function problemsOf(p: Promise<void>): Promise<string> {
  const err: unknown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RouteError);
  if (!(err instanceof RouteError)) throw new Error('unreachable');
  expect(err.name).toBe('RouteError');
  expect(err.message.startsWith('invalid routes:\n')).toBe(true);
  return err.message;
}

describe('validateRoutes', () => {
  it('passes for a valid table', async () => {
    const e = env(['alcs.card', 'crm.contact']);
    await expect(validateRoutes([route('alcs.card'), route('crm.contact')], e)).resolves.toBeUndefined();
    expect(e.opsAsked).toEqual(['alcs.card-value', 'crm.contact-value']);
  });

  it('passes with operation codes and error codes that are in the table', async () => {
    const r = route('t', {
      codes: { MalformedRequest: 400, ActivationFailed: 500 },
      errorCode: 'ActivationFailed',
      operations: {
        ActivateCard: op({ codes: { ...validCodes, ActivationFailed: 500 }, errorCode: 'ActivationFailed' }),
        BlockCard: op(),
      },
    });
    await expect(validateRoutes([r], env(['t']))).resolves.toBeUndefined();
  });

  it('passes with an operation that validates nothing and so does not list ValidationFailed', async () => {
    const r = route('t', {
      operations: {
        ActivateCard: op({ validate: undefined, codes: without(validCodes, 'ValidationFailed') }),
        BlockCard: op(),
      },
    });
    await expect(validateRoutes([r], env(['t']))).resolves.toBeUndefined();
  });

  it('passes with event topics that exist and have subjects', async () => {
    const e = env(['t']);
    e.existingTopics.add('t.events');
    const subjectExists = e.subjectExists.bind(e);
    e.subjectExists = async (s) => s === 't.events-value' || subjectExists(s);
    await expect(validateRoutes([route('t', { eventTopics: ['t.events'] })], e)).resolves.toBeUndefined();
  });

  it('passes for an empty table', async () => {
    await expect(validateRoutes([], env([]))).resolves.toBeUndefined();
  });

  describe('reports', () => {
    const base = env(['t']);
    it.each<[string, Route, RouteCheckEnv, string]>([
      ['a missing request topic', route('t', { topic: 'nope' }), env(['t']), 'nope: topic nope does not exist'],
      ['a missing reply topic', route('t', { replyTopic: 't.other' }), base, 't: topic t.other does not exist'],
      ['a missing dlq topic', route('t', { dlqTopic: 'gone.dlq' }), base, 't: topic gone.dlq does not exist'],
      ...['DuplicateRequestId', 'MalformedRequest', 'ValidationFailed', 'Success', 'InternalError'].map(
        (code): [string, Route, RouteCheckEnv, string] => [
          `an operation's code list without ${code}`,
          route('t', { operations: { ActivateCard: op({ codes: without(validCodes, code) }), BlockCard: op() } }),
          base,
          `t: ActivateCard's codes lack ${code}`,
        ],
      ),
      [
        'an operation error code it does not list',
        route('t', { operations: { ActivateCard: op({ errorCode: 'Gone' }), BlockCard: op() } }),
        base,
        "t: ActivateCard's codes lack Gone",
      ],
      [
        'a route without MalformedRequest among its own codes',
        route('t', { codes: { InternalError: 500 } }),
        base,
        "t: the route's own codes lack MalformedRequest",
      ],
      [
        'a route error code not among its own codes',
        route('t', { errorCode: 'Nope' }),
        base,
        "t: the route's own codes lack Nope",
      ],
      [
        'an operation code without texts',
        route('t', { operations: { ActivateCard: op({ codes: { ...validCodes, Nope: 409 } }), BlockCard: op() } }),
        base,
        't: code Nope has no en_US message',
      ],
      [
        'an operation on an entity store the worker lacks',
        route('t', { operations: { ActivateCard: op({ entity: 'ghosts' }), BlockCard: op() } }),
        base,
        't: ActivateCard writes entity store ghosts, which the worker lacks',
      ],
      [
        'a missing extra reply topic',
        route('t', { replyTopicsAllowed: ['t.pos.replies'] }),
        base,
        't: topic t.pos.replies does not exist',
      ],
      [
        'a code without a default-locale message',
        route('t', {
          messages: { ...messages, ActivationFailed: { pl_PL: 'Błąd' } },
          operations: { ActivateCard: op({ codes: { ...validCodes, ActivationFailed: 500 } }), BlockCard: op() },
        }),
        base,
        't: code ActivationFailed has no en_US message',
      ],
      [
        'an unregistered request subject',
        route('t'),
        env(['t'], { missingSubjects: ['t-value'] }),
        't: schema subject t-value is not registered',
      ],
      [
        'an unregistered reply subject',
        route('t'),
        env(['t'], { missingSubjects: ['t.replies-value'] }),
        't: schema subject t.replies-value is not registered',
      ],
      [
        'a schema operation without handler',
        route('t', { operations: { ActivateCard: op() } }),
        base,
        't: operation BlockCard has no handler',
      ],
      [
        'a handler that is not a schema operation',
        route('t', { operations: { ActivateCard: op(), BlockCard: op(), Extra: op() } }),
        base,
        't: handler Extra is not an operation of the schema',
      ],
    ])('%s', async (_what, r, e, line) => {
      const message = await problemsOf(validateRoutes([r], e));
      expect(message).toBe(`invalid routes:\n  - ${line}`);
    });

    it('a missing event topic and its unregistered subject', async () => {
      const message = await problemsOf(validateRoutes([route('t', { eventTopics: ['t.events'] })], env(['t'])));
      expect(message).toBe(
        'invalid routes:\n  - t: topic t.events does not exist\n  - t: schema subject t.events-value is not registered',
      );
    });

    it('a topic routed twice', async () => {
      const message = await problemsOf(validateRoutes([route('t'), route('t')], env(['t'])));
      expect(message).toBe('invalid routes:\n  - t: routed twice');
    });
  });

  it('does not ask for operations when the request subject is missing', async () => {
    const e = env(['t'], { missingSubjects: ['t-value'] });
    await problemsOf(validateRoutes([route('t')], e));
    expect(e.opsAsked).toEqual([]);
  });

  it('reports every problem of every route in one RouteError', async () => {
    const codes = without({ ...validCodes, ActivationFailed: 500 }, 'DuplicateRequestId');
    const routes: Route[] = [
      route('a', {
        dlqTopic: 'a.gone',
        messages: { ...messages, ActivationFailed: { pl_PL: 'Błąd' } },
        operations: { ActivateCard: op({ codes }), Extra: op() },
      }),
      route('missing'),
      route('ok'),
      route('ok'),
    ];
    const e = env(['a', 'ok'], {
      missingSubjects: ['a.replies-value'],
      ops: { 'a-value': ['ActivateCard', 'BlockCard'] },
    });
    const message = await problemsOf(validateRoutes(routes, e));
    const expected = [
      'a: topic a.gone does not exist',
      "a: ActivateCard's codes lack DuplicateRequestId",
      'a: code ActivationFailed has no en_US message',
      'a: schema subject a.replies-value is not registered',
      'a: operation BlockCard has no handler',
      'a: handler Extra is not an operation of the schema',
      'missing: topic missing does not exist',
      'missing: topic missing.replies does not exist',
      'missing: topic missing.dlq does not exist',
      'missing: schema subject missing-value is not registered',
      'missing: schema subject missing.replies-value is not registered',
      'ok: routed twice',
    ];
    expect(message.split('\n').slice(1)).toEqual(expected.map((l) => `  - ${l}`));
  });

  describe('event routes', () => {
    const eventRoute = (over: Partial<EventRoute> = {}): EventRoute => ({
      kind: 'event',
      topic: 't',
      dlqTopic: 't.dlq',
      idField: 'eventId',
      unionField: 'event',
      operations: { ContactApproved: handler },
      ...over,
    });

    it('pass without reply topic or code table, reading the union field they name', async () => {
      const e = env(['t']);
      const fields: string[] = [];
      e.schemaOperations = async (_s, field) => {
        fields.push(field);
        return ['ContactApproved'];
      };
      await expect(validateRoutes([eventRoute()], e)).resolves.toBeUndefined();
      expect(fields).toEqual(['event']);
    });

    it('report a missing dlq and an event type without handler', async () => {
      const e = env(['t']);
      e.schemaOperations = async () => ['ContactApproved', 'ContactErased'];
      const message = await problemsOf(validateRoutes([eventRoute({ dlqTopic: 'gone.dlq' })], e));
      expect(message).toBe(
        'invalid routes:\n  - t: topic gone.dlq does not exist\n  - t: operation ContactErased has no handler',
      );
    });
  });
});
