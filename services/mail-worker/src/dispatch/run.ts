// Works one claimed dispatch as far as it can go now. What is mailed, and to whom,
// comes from the stored contact, never from the event that scheduled the dispatch: a
// contact missing or not (yet) approved closes the dispatch without serving it (a
// later event re-opens it), one whose mail an earlier dispatch settled is not mailed
// again, and an approved one is worked on: wait if its publishAt is ahead, fan out
// once, retry what is due, and settle when nothing is open (every recipient SENT,
// FAILED, IN_DOUBT or SKIPPED_*): the contact's mail-sent flag and outcome counts are
// set, then the dispatch is marked DONE. Otherwise the lease is given back with the
// next due time (a retry, or now when the run was stopped).
//
// Throws what the stores throw (the dispatcher logs it; the lease then expires).
import { checkContact } from '../domain/decide';
import { mailOutcome } from '../domain/outcome';
import type { ContactView, Dispatch, DispatchHalt } from '../domain/types';
import type { RunDeps } from './deps';
import { newRun } from './deps';
import { fanOutAll, fanOutPerson, settleOpen } from './fanout';
import { keepLease } from './lease';

export async function runDispatch(
  deps: RunDeps,
  dispatch: Dispatch,
  stopping: AbortSignal,
  abandon: AbortSignal,
): Promise<void> {
  const { contactId } = dispatch;
  const lease = keepLease(deps.dispatches, contactId, deps.owner, deps.settings.leaseMs, deps.now, deps.logger);
  const defer = async (until: number, why: string): Promise<void> => {
    if (await deps.dispatches.release(contactId, deps.owner, until)) {
      deps.logger.info('mail.dispatch_deferred', { contactId, eventId: dispatch.eventId, dueAt: until, reason: why });
    }
  };
  try {
    const stored = await deps.contacts.get(contactId);
    let served = dispatch;
    if (dispatch.approvedAt === null) {
      const unserved = whyNotServed(stored, deps.now());
      if (unserved) return await close(deps, dispatch, unserved);
      const approval = { audience: stored!.audience, approvedAt: stored!.approvedAt ?? deps.now() };
      if (!(await deps.dispatches.saveProgress(contactId, deps.owner, approval))) return;
      served = { ...dispatch, ...approval };
    }
    if (!stored) return await close(deps, served, 'SKIPPED_NO_CONTACT');
    const check = checkContact(stored, deps.now());
    if (check.kind === 'wait') return await defer(check.until, 'publishAt is ahead');
    const run = newRun(deps, served, stored, lease, stopping, abandon);

    if (!served.fanoutDone) {
      const pass = run.audience === 'ALL' ? await fanOutAll(run) : await fanOutPerson(run);
      if (pass === 'stopped') return await defer(deps.now(), 'stopped');
    }
    const open = await settleOpen(run);
    if (open.kind === 'stopped') return await defer(deps.now(), 'stopped');
    if (open.kind === 'waiting') return await defer(open.until, 'retries pending');

    const summary = await deps.deliveries.countByStatus(contactId);
    const at = deps.now();
    await deps.mailFlags.markSettled(contactId, mailOutcome(summary), at);
    if (await deps.dispatches.complete(contactId, deps.owner, summary, at)) {
      deps.logger.info('mail.dispatch_settled', {
        contactId,
        eventId: dispatch.eventId,
        audience: run.audience,
        summary,
      });
    }
  } finally {
    lease.stop();
  }
}

/** Why a dispatch that has served no approval yet must not mail: no approved contact, or its mail was settled before. */
function whyNotServed(contact: ContactView | null, now: number): DispatchHalt | null {
  const check = checkContact(contact, now);
  if (!contact?.valid) return check.kind === 'skip' ? check.status : 'SKIPPED_NOT_APPROVED';
  if (contact.mailSettled) return 'ALREADY_SETTLED';
  return null;
}

/** DONE without a recipient record: the dispatch itself says why. */
async function close(deps: RunDeps, dispatch: Dispatch, halted: DispatchHalt): Promise<void> {
  if (await deps.dispatches.complete(dispatch.contactId, deps.owner, {}, deps.now(), halted)) {
    deps.logger.info('mail.dispatch_settled', {
      contactId: dispatch.contactId,
      eventId: dispatch.eventId,
      halted,
      summary: {},
    });
  }
}
