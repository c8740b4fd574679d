// Step 1 of a chunk: what each message is. Decoding never throws for bad input:
// a message is a request to apply, a request to answer MalformedRequest, or (when
// it names no requester) a dead letter. Only a transient failure (the registry
// cannot answer) throws, and the chunk is retried.
import { MalformedError, type Codec } from '../codec';
import { parseEnvelope } from '../envelope';
import type { Envelope, Route } from '../route';
import { contentHash } from '../processed';
import type { InMessage } from '../transport';
import { clip, idProblem } from './bounds';

export interface Request {
  kind: 'request';
  msg: InMessage;
  envelope: Envelope;
  requestId: string;
  operation: string;
  payload: unknown;
  hash: string;
  /** Copied into the reply's headers: the request's correlation-id, else its requestId. */
  correlationId: string;
  replyTopic: string;
}

export interface Malformed {
  kind: 'malformed';
  msg: InMessage;
  /** The id the reply names: a valid correlation id, else a valid requestId. */
  requestId: string;
  correlationId: string;
  operation: string;
  field: string;
  reason: string;
}

export interface Dead {
  kind: 'dead';
  msg: InMessage;
  reason: string;
}

export type Incoming = Request | Malformed | Dead;

const header = (msg: InMessage, name: string): string | undefined => msg.headers[name];

export async function incoming(route: Route, msg: InMessage, codec: Codec): Promise<Incoming> {
  const corr = header(msg, 'correlation-id');
  const corrProblem = corr === undefined ? null : idProblem(corr);
  const validCorr = corr !== undefined && corrProblem === null ? corr : undefined;
  let decoded: unknown;
  let problem: { field: string; reason: string } | undefined;
  if (corrProblem !== null) problem = { field: 'correlation-id', reason: `correlation-id ${corrProblem}` };
  const wanted = header(msg, 'reply-topic');
  if (!problem && wanted !== undefined && wanted !== route.replyTopic && !route.replyTopicsAllowed?.includes(wanted)) {
    problem = {
      field: 'reply-topic',
      reason: `reply-topic ${clip(wanted, 64)} is not a reply topic of ${route.topic}`,
    };
  }
  try {
    if (!msg.value || msg.value.length === 0) throw new MalformedError('empty value');
    decoded = await codec.decode(msg.value, `${route.topic}-value`);
  } catch (err) {
    if (!(err instanceof MalformedError)) throw err;
    problem ??= { field: 'value', reason: err.message };
  }
  const parsed = decoded === undefined ? undefined : parseEnvelope(decoded);
  if (typeof parsed === 'string') problem ??= { field: 'value', reason: parsed };
  const requestId = parsed && typeof parsed !== 'string' ? parsed.envelope.requestId : undefined;
  const idIssue = requestId === undefined ? null : idProblem(requestId);
  if (!problem && idIssue !== null) problem = { field: 'requestId', reason: `requestId ${idIssue}` };
  const operation = parsed && typeof parsed !== 'string' ? parsed.operation : 'Unknown';
  if (!problem && !route.operations[operation])
    problem = { field: 'operation', reason: `unknown operation ${clip(operation, 64)}` };
  if (problem || !parsed || typeof parsed === 'string' || requestId === undefined) {
    const named = validCorr ?? (requestId !== undefined && idIssue === null ? requestId : undefined);
    const reason = problem?.reason ?? 'cannot be read';
    if (named === undefined) return { kind: 'dead', msg, reason };
    return {
      kind: 'malformed',
      msg,
      requestId: named,
      correlationId: named,
      operation: route.operations[operation] ? operation : 'Unknown',
      field: problem?.field ?? 'value',
      reason,
    };
  }
  return {
    kind: 'request',
    msg,
    envelope: parsed.envelope,
    requestId,
    operation,
    payload: parsed.payload,
    hash: contentHash(operation, parsed.payload),
    correlationId: validCorr ?? requestId,
    replyTopic: wanted ?? route.replyTopic,
  };
}
