// Builds the one reply a request gets: the common fields of
// docs/rules.md#one-question-one-answer in the requested language, completed by the route with its domain fields.
import { localize } from './codes';
import { type CommonReply, type Envelope, type Outcome, type Route, statusOf } from './route';

export function buildReply(
  route: Route,
  opts: {
    requestId: string;
    operation: string;
    outcome: Outcome;
    envelope: Envelope | null;
    now: number;
  },
): Record<string, unknown> {
  // The status the operation lists for the code (the route's own when no operation is named).
  const status = opts.outcome.status ?? statusOf(route, opts.operation, opts.outcome.code);
  if (status === undefined)
    throw new TypeError(`code ${opts.outcome.code} is not declared for ${opts.operation} on ${route.topic}`);
  const common: CommonReply = {
    requestId: opts.requestId,
    operation: opts.operation,
    status,
    messageCode: opts.outcome.code,
    message: localize(
      route.messages,
      opts.outcome.code,
      opts.envelope?.responseLanguage?.clientLanguage ?? undefined,
      route.defaultLocale,
    ),
    details: opts.outcome.details ?? [],
    processedAt: opts.now,
  };
  return route.reply(common, opts.outcome, opts.envelope);
}

/** Headers of a reply: correlation-id copied, operation and message-code added. */
export function replyHeaders(correlationId: string, operation: string, code: string): Record<string, string> {
  return { 'correlation-id': correlationId, operation, 'message-code': code };
}
