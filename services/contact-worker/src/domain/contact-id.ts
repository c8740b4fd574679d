// The contactId of a create that brings none: derived from its requestId, so a
// redelivery of that create (or a re-send after its reply expired) finds the
// contact it made instead of making a second one.
import { createHash } from 'node:crypto';

export function contactIdFor(requestId: string): string {
  return `c-${createHash('sha256').update(requestId).digest('hex').slice(0, 32)}`;
}
