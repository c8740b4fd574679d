// A request as it goes on the wire: the envelope encoded with the repository's request
// schema, keyed as the contract says (the operation's key field, or the requestId where
// the contract allows it; a caller may name another key), its requestId in
// `correlation-id`, and the reply topic in `reply-topic` when it is not the route's own.
import { type Codec, idProblem } from '@workers/runtime';
import type { CallOptions } from './request-reply';
import type { RouteSpec } from './route-spec';
import type { RequestMessage } from './transport';

/** The client's own headers; a caller's extra headers may not name them (a call giving one is refused). */
const OWN_HEADERS = new Set(['correlation-id', 'reply-topic']);

/** The operation an envelope's `operation` union names (`<namespace>.<Operation>`), and its payload. */
export function envelopeOperation(
  route: RouteSpec,
  envelope: Record<string, unknown>,
): { operation: string; payload: Record<string, unknown> } {
  const union = envelope.operation;
  const [branch, payload] = typeof union === 'object' && union !== null ? (Object.entries(union)[0] ?? []) : [];
  const prefix = `${route.namespace}.`;
  if (typeof branch !== 'string' || !branch.startsWith(prefix) || typeof payload !== 'object' || payload === null)
    throw new TypeError(`the request names no operation of ${route.topic} (${prefix}<Operation>)`);
  return { operation: branch.slice(prefix.length), payload: payload as Record<string, unknown> };
}

/** Throws a TypeError (nothing sent) for an unknown operation, a bad requestId or a request without its key. */
export async function requestMessage(
  route: RouteSpec,
  codec: Codec,
  replyTopic: string,
  call: { operation: string; payload: Record<string, unknown>; envelope: Record<string, unknown>; requestId: string },
  c: CallOptions,
): Promise<RequestMessage> {
  const op = route.operations[call.operation];
  if (!op) throw new TypeError(`${route.topic} has no operation ${call.operation}`);
  const bad = idProblem(call.requestId);
  if (bad) throw new TypeError(`requestId ${bad}`);
  const keyed = call.payload[op.keyField];
  const key =
    c.key ?? (typeof keyed === 'string' && keyed !== '' ? keyed : op.keyFromRequestId ? call.requestId : undefined);
  if (key === undefined) throw new TypeError(`${call.operation} needs ${op.keyField}: it keys the request`);
  // The client's own headers first, then the caller's.
  const headers: Record<string, string> = { 'correlation-id': call.requestId };
  if (replyTopic !== route.replyTopic) headers['reply-topic'] = replyTopic;
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    if (OWN_HEADERS.has(k)) throw new TypeError(`${k} is the client's header: it cannot be given per call`);
    headers[k] = v;
  }
  const value = await codec.encode(`${route.topic}-value`, call.envelope);
  return { topic: route.topic, key, value, headers };
}
