// The contact handlers: validate, decide with the pure rules, write through the
// marked store. An approval's ContactApproved event rides on the outcome, so the
// runtime publishes it in the same Kafka transaction as the reply, and a request
// redelivered after a crash gets the very outcome (same eventId) from its mark.
import { createHash } from 'node:crypto';
import { applyOnce, type Detail, type Handler, type HandlerContext, type Outcome, type Step } from '@workers/runtime';
import { successStatus } from '../domain/contact-codes';
import { approvalEvent, contactEventValue, decideCreate, decideDelete, decideUpdate, type ContactVerdict } from '../domain/contact-rules';
import { validateCreate, validateDelete, validateUpdate } from '../domain/contact-validate';
import type { ContactOperationName, ContactRecord, CreateContact, DeleteContact, UpdateContact } from '../domain/types';
import type { ContactHandlerDeps } from './deps';

/**
 * The contactId of a create that brings none: derived from its requestId, so a
 * redelivery of that create (or a re-send after its reply expired) finds the
 * contact it made instead of making a second one.
 */
export function contactIdFor(requestId: string): string {
  return `c-${createHash('sha256').update(requestId).digest('hex').slice(0, 32)}`;
}

const entity = (contactId: string | null, version: number | null = null): Outcome['entity'] => ({ contactId, version });

function toStep(op: ContactOperationName, v: ContactVerdict, contactId: string, deps: Required<ContactHandlerDeps>): Step<ContactRecord> {
  if (v.kind === 'reject') return { outcome: { code: v.code, ...(v.details ? { details: v.details } : {}), entity: entity(contactId) } };
  const record = v.kind === 'noop' ? v.record : v.next;
  const outcome: Outcome = { code: 'Success', status: successStatus(op), entity: entity(record.contactId, record.version) };
  if (v.kind === 'noop') return { outcome };
  if (v.emitApproval) {
    const event = approvalEvent(v.next, deps.newEventId(), deps.clock.now());
    outcome.events = [{ topic: deps.eventTopic, key: v.next.contactId, value: { ...contactEventValue(event) } }];
  }
  return { outcome, write: v.next };
}

function invalid(contactId: string | null, details: Outcome['details']): Outcome {
  return { code: 'ValidationFailed', details, entity: entity(contactId) };
}

type Decide<R> = (current: ContactRecord | null, req: R, now: number, contactId: string, requestId: string) => ContactVerdict;

/** One operation: validate, then decide and write once under the contact's id. */
function operation<R extends { contactId: string | null }>(
  op: ContactOperationName, validate: (req: R) => Detail[], decide: Decide<R>, deps: Required<ContactHandlerDeps>,
): Handler {
  return async (payload: unknown, ctx: HandlerContext) => {
    const req = payload as R;
    const details = validate(req);
    if (details.length > 0) return invalid(req.contactId, details);
    const contactId = req.contactId ?? contactIdFor(ctx.requestId);
    return applyOnce(deps.contacts, contactId, ctx.requestId, (cur) =>
      toStep(op, decide(cur, req, deps.clock.now(), contactId, ctx.requestId), contactId, deps));
  };
}

export function contactHandlers(deps: Required<ContactHandlerDeps>): Record<ContactOperationName, Handler> {
  return {
    CreateContact: operation<CreateContact>('CreateContact', validateCreate, decideCreate, deps),
    UpdateContact: operation<UpdateContact>('UpdateContact', validateUpdate, (cur, req, now) => decideUpdate(cur, req, now), deps),
    DeleteContact: operation<DeleteContact>('DeleteContact', validateDelete, (cur, req, now) => decideDelete(cur, req, now), deps),
  };
}
