// The mail worker's routing table: one event topic, its one event type. No reply
// topic; what cannot be handled goes to `<topic>.dlq`. Checked at start by the runtime.
import type { EventRoute, Handler } from '@workers/runtime';

export function mailRoutes(eventTopic: string, onApproved: Handler): EventRoute[] {
  return [
    {
      kind: 'event',
      topic: eventTopic,
      dlqTopic: `${eventTopic}.dlq`,
      idField: 'eventId',
      unionField: 'event',
      timeField: 'occurredAt',
      operations: { ContactApproved: onApproved },
    },
  ];
}
