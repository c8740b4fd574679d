// The first pass over a dispatch's recipients. PERSON: the accounts the contact
// resolves to (one pass). ALL: every account in accountId order, a page at a time;
// the cursor is saved after each page, so a restarted broadcast resumes at the first
// page not finished, and the delivery records make re-visiting that page harmless.
import { checkContact } from '../domain/decide';
import { personLookup, personRecipients } from '../domain/recipients';
import { deliveryId, type AccountView } from '../domain/types';
import type { Run } from './deps';
import { mapLimit } from './pacing';
import { settleRecipient, type RecipientResult } from './recipient';

export type PassResult = 'done' | 'stopped';

async function settleAll(run: Run, accounts: (AccountView | null)[]): Promise<RecipientResult[]> {
  const { deps, dispatch } = run;
  const existing = await deps.deliveries.getMany(dispatch.contactId, accounts.map((a) => a?.accountId ?? null));
  const lanes = deps.slots.size * 2; // skips need no slot; sends queue for one
  return mapLimit(accounts, lanes, (a) => settleRecipient(run, a, existing.get(deliveryId(dispatch.contactId, a?.accountId ?? null))));
}

const stopped = (rs: RecipientResult[]): boolean => rs.some((r) => r.kind === 'stopped');

export async function fanOutPerson(run: Run): Promise<PassResult> {
  const { deps, dispatch } = run;
  const lookup = personLookup(dispatch);
  const found = lookup.by === 'accountId' ? [await deps.accounts.byId(lookup.accountId)].filter((a): a is AccountView => !!a)
    : lookup.by === 'personalId' ? await deps.accounts.byPersonalId(lookup.personalId) : [];
  const recipients = personRecipients(dispatch, found);
  // No recipient: one record says why (no account, or the contact-level reason).
  if (stopped(await settleAll(run, recipients.length ? recipients : [null]))) return 'stopped';
  return (await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { fanoutDone: true })) ? 'done' : 'stopped';
}

export async function fanOutAll(run: Run): Promise<PassResult> {
  const { deps, dispatch } = run;
  let after = dispatch.cursor;
  for (;;) {
    if (run.shouldStop()) return 'stopped';
    const check = checkContact(await run.contact(), deps.now());
    if (check.kind === 'skip') {
      // Halted: accounts not reached get no record; the dispatch says why it stopped.
      deps.logger.info('mail.skipped', { contactId: dispatch.contactId, eventId: dispatch.eventId, status: check.status, broadcastHaltedAfter: after });
      const saved = await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { fanoutDone: true, halted: check.status });
      return saved ? 'done' : 'stopped';
    }
    const page = await deps.accounts.page(after, deps.settings.pageSize);
    if (page.length === 0) {
      return (await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { fanoutDone: true })) ? 'done' : 'stopped';
    }
    if (stopped(await settleAll(run, page))) return 'stopped';
    after = page[page.length - 1]!.accountId;
    if (!(await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { cursor: after }))) return 'stopped';
  }
}

/** A second pass over records still open (retries, leftovers of a dead attempt). */
export async function settleOpen(run: Run): Promise<{ kind: 'done' } | { kind: 'stopped' } | { kind: 'waiting'; until: number }> {
  const { deps, dispatch } = run;
  const open = await deps.deliveries.open(dispatch.contactId);
  const results = await mapLimit(open, deps.slots.size * 2, async (d) => {
    const account = d.accountId ? await deps.accounts.byId(d.accountId) : null;
    return settleRecipient(run, account, d);
  });
  if (stopped(results)) return { kind: 'stopped' };
  const waits = results.flatMap((r) => (r.kind === 'open' ? [r.at] : []));
  return waits.length ? { kind: 'waiting', until: Math.min(...waits) } : { kind: 'done' };
}
