// The pure parts of `ops request`: completing the common envelope
// (docs/rules.md#one-question-one-answer), choosing the key
// (docs/rules.md#topics-and-wire-format) and the reply topic.
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

/** Fields naming the entity, in the order they key a request: the card, the contact, the account. */
export const KEY_FIELDS = ['cardNumber', 'contactId', 'accountId'] as const;

/** The key of an Avro request value: the operation's entity id, else its requestId. */
export function deriveKey(value: Record<string, unknown>): string {
  const op = value.operation;
  const branches = typeof op === 'object' && op !== null ? Object.values(op as Record<string, unknown>) : [];
  // A wrapped union holds the operation under its branch name; an unwrapped one is the operation itself.
  for (const candidate of [op, ...branches]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const fields = candidate as Record<string, unknown>;
    for (const f of KEY_FIELDS) if (typeof fields[f] === 'string' && fields[f] !== '') return fields[f];
  }
  return String(value.requestId);
}

/** `x.requests` → `x.replies`; undefined for a topic not named so. */
export function defaultReplyTopic(topic: string): string | undefined {
  return topic.endsWith('.requests') ? `${topic.slice(0, -'.requests'.length)}.replies` : undefined;
}
