// Works one claimed dispatch as far as it can go now: wait if the contact's
// publishAt moved later, fan out once, retry what is due, and settle when nothing
// is open (every recipient SENT, FAILED, IN_DOUBT or SKIPPED_*): the contact's
// mail-sent flag is set, then the dispatch is marked DONE. Otherwise the lease is
// given back with the next due time (a retry, or now when the run was stopped).
//
// Throws what the stores throw (the dispatcher logs it; the lease then expires).
import { checkContact } from '../domain/decide';
import type { Dispatch } from '../domain/types';
import type { RunDeps } from './deps';
import { newRun } from './deps';
import { fanOutAll, fanOutPerson, settleOpen } from './fanout';
import { keepLease } from './lease';

export async function runDispatch(deps: RunDeps, dispatch: Dispatch, stopping: AbortSignal, abandon: AbortSignal): Promise<void> {
  const { contactId } = dispatch;
  const lease = keepLease(deps.dispatches, contactId, deps.owner, deps.settings.leaseMs, deps.now, deps.logger);
  const run = newRun(deps, dispatch, lease, stopping, abandon);
  const defer = async (until: number, why: string): Promise<void> => {
    if (await deps.dispatches.release(contactId, deps.owner, until)) {
      deps.logger.info('mail.dispatch_deferred', { contactId, eventId: dispatch.eventId, dueAt: until, reason: why });
    }
  };
  try {
    const check = checkContact(await run.contact(), deps.now());
    if (check.kind === 'wait') return await defer(check.until, 'publishAt moved later');

    if (!dispatch.fanoutDone) {
      const pass = dispatch.audience === 'ALL' ? await fanOutAll(run) : await fanOutPerson(run);
      if (pass === 'stopped') return await defer(deps.now(), 'stopped');
    }
    const open = await settleOpen(run);
    if (open.kind === 'stopped') return await defer(deps.now(), 'stopped');
    if (open.kind === 'waiting') return await defer(open.until, 'retries pending');

    const summary = await deps.deliveries.countByStatus(contactId);
    const at = deps.now();
    await deps.contacts.markMailSent(contactId, at);
    if (await deps.dispatches.complete(contactId, deps.owner, summary, at)) {
      deps.logger.info('mail.dispatch_settled', { contactId, eventId: dispatch.eventId, audience: dispatch.audience, summary });
    }
  } finally {
    lease.stop();
  }
}
