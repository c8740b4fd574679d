// Builds the one reply a request gets: the common fields of
// docs/rules.md#one-question-one-answer in the requested language, completed by the route with its domain fields.
import { localize } from './codes';
import type { CommonReply, Envelope, Outcome, Route } from './route';

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
  const spec = route.codes[opts.outcome.code];
  if (!spec) throw new TypeError(`code ${opts.outcome.code} is not in the ${route.topic} code table`);
  const common: CommonReply = {
    requestId: opts.requestId,
    operation: opts.operation,
    status: opts.outcome.status ?? spec.status,
    messageCode: opts.outcome.code,
    message: localize(
      route.codes,
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
