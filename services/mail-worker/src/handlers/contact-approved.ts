// ContactApproved → a due-time dispatch, nothing else: consuming an event never
// waits for publishAt or for SMTP, so the partition keeps moving and the offset is
// committed at once. Idempotent: the dispatch's id is the contactId, so a redelivered
// or repeated approval finds it and changes nothing.
import type { Handler, Outcome } from '@workers/runtime';
import type { Audience } from '../domain/types';
import type { DispatchStore } from '../store/dispatch-store';

/** The event payload as avsc decodes it (single-branch union: unwrapped). */
export interface ContactApprovedPayload {
  contactId: string;
  audience: Audience;
  personalId: string | null;
  accountId: string | null;
  kind: string;
  title: string;
  linkUrl: string | null;
  publishAt: number;
  approvedBy: string;
  approvedAt: number;
}

export interface ApprovedDeps {
  dispatches: DispatchStore;
  now(): number;
  /** Nudges the dispatcher (a dispatch due now need not wait for the next poll). */
  scheduled?(contactId: string, dueAt: number): void;
}

export function contactApprovedHandler(deps: ApprovedDeps): Handler {
  return async (payload, ctx): Promise<Outcome> => {
    // The Avro schema guarantees the shape.
    const e = payload as ContactApprovedPayload;
    const r = await deps.dispatches.schedule({
      contactId: e.contactId, eventId: ctx.requestId, audience: e.audience,
      personalId: e.personalId ?? null, accountId: e.accountId ?? null,
      dueAt: Number(e.publishAt), createdAt: deps.now(),
    });
    if (r === 'scheduled') deps.scheduled?.(e.contactId, Number(e.publishAt));
    return { code: r === 'scheduled' ? 'Scheduled' : 'AlreadyScheduled', entity: { contactId: e.contactId } };
  };
}
