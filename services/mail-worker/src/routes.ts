// The mail worker's routing table: one event topic, its one event type. No reply
// topic; what cannot be handled goes to its dead-letter topic (dlqTopicOf). Checked at start by the runtime.
//
// ContactApproved → a due-time dispatch, nothing else: consuming an event never
// waits for publishAt or for SMTP, so the partition keeps moving and the offset is
// committed at once. The event is only a nudge: the pipeline (pipeline.ts) reads the stored,
// approved contact for what to mail and to whom (its audience, person, publishAt),
// so an event claiming another audience or a far publishAt changes nothing, and the
// dispatch is due as soon as the event arrives. Idempotent: the dispatch's id is the
// contactId, so a redelivered or repeated approval finds it and changes nothing —
// unless that dispatch served no approval (an early or forged event found the contact
// missing or not approved): then the event re-opens it, and the real mail still goes.
import { type ContactApproved, dlqTopicOf } from '@workers/contracts';
import type { EventRoute, Handler, Outcome } from '@workers/runtime';
import type { DispatchStore } from './store/dispatches';

export function mailRoutes(eventTopic: string, onApproved: Handler): EventRoute[] {
  return [
    {
      kind: 'event',
      topic: eventTopic,
      dlqTopic: dlqTopicOf(eventTopic),
      idField: 'eventId',
      unionField: 'event',
      timeField: 'occurredAt',
      operations: { ContactApproved: onApproved },
    },
  ];
}

export interface ApprovedDeps {
  dispatches: DispatchStore;
  now(): number;
  /** Nudges the dispatcher (a dispatch due now need not wait for the next poll). */
  scheduled?(contactId: string, dueAt: number): void;
}

export function contactApprovedHandler(deps: ApprovedDeps): Handler {
  return async (payload, ctx): Promise<Outcome> => {
    // The Avro schema guarantees the shape (avsc decodes the single-branch union unwrapped); only the id is used.
    const { contactId } = payload as Pick<ContactApproved, 'contactId'>;
    const now = deps.now();
    let code = 'Scheduled';
    if (
      (await deps.dispatches.schedule({ contactId, eventId: ctx.requestId, dueAt: now, createdAt: now })) === 'exists'
    ) {
      code = (await deps.dispatches.reopen(contactId, ctx.requestId, now)) ? 'Reopened' : 'AlreadyScheduled';
    }
    if (code !== 'AlreadyScheduled') deps.scheduled?.(contactId, now);
    return { code, entity: { contactId } };
  };
}
