// The reply of last resort: when a request's own answer cannot be delivered (the
// partition isolated it and it failed again), the requester still hears something:
// the route's error code, on the route's own reply topic, naming the DLQ entry.
import type { Codec } from '../codec';
import { buildReply } from '../reply';
import type { Route } from '../route';
import type { InMessage, OutMessage } from '../transport';
import { replyMessage } from './answers';
import { incoming } from './incoming';

const MAX_KEY = 1024;

export async function fallbackReply(
  route: Route,
  msg: InMessage,
  codec: Codec,
  now: number,
): Promise<OutMessage | null> {
  const it = await incoming(route, msg, codec);
  if (it.kind === 'dead') return null;
  // The operation's own error code when the operation is known (e.g. CustomerActivationError).
  const code = route.operations[it.operation]?.errorCode ?? route.errorCode;
  const outcome = {
    code,
    details: [{ field: 'reply', reason: `the answer could not be delivered; the request is in ${route.dlqTopic}` }],
  };
  const envelope = it.kind === 'request' ? it.envelope : null;
  const reply = buildReply(route, { requestId: it.requestId, operation: it.operation, outcome, envelope, now });
  const bounded = { ...msg, key: msg.key !== null && msg.key.length > MAX_KEY ? null : msg.key };
  return replyMessage(route, codec, {
    msg: bounded,
    topic: route.replyTopic,
    reply,
    correlationId: it.correlationId,
    operation: it.operation,
  });
}
