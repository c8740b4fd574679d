// The pure parts of `ops request`: completing the common envelope
// (docs/rules.md#one-question-one-answer) and the reply topic. The key is the
// client's (@workers/client keys a request as the contract says).
import { randomUUID } from 'node:crypto';
import { usageError } from './exit';

/** Fills `requestId` (random UUID) and `sentAt` (now, epoch ms) when the JSON lacks them. */
export function fillEnvelope(
  json: unknown,
  now = Date.now(),
  newId: () => string = randomUUID,
): { request: Record<string, unknown>; requestId: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw usageError('the request file must hold a JSON object (the request envelope)');
  const given = json as Record<string, unknown>;
  if (given.requestId !== undefined && (typeof given.requestId !== 'string' || given.requestId === ''))
    throw usageError('requestId must be a non-empty string when given');
  const requestId = typeof given.requestId === 'string' ? given.requestId : newId();
  return { request: { ...given, requestId, sentAt: given.sentAt ?? now }, requestId };
}

/** `x.requests` → `x.replies`; undefined for a topic not named so. */
export function defaultReplyTopic(topic: string): string | undefined {
  return topic.endsWith('.requests') ? `${topic.slice(0, -'.requests'.length)}.replies` : undefined;
}
