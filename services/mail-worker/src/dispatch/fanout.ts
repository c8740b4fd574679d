// The passes over a dispatch's recipients, from the stored contact. PERSON: the
// accounts the contact names (one pass). ALL: every account in accountId order, a page
// at a time through one cursor; the cursor is saved after each page, so a restarted
// broadcast resumes at the first page not finished, and the delivery records make
// re-visiting that page harmless. Either way accounts sharing an address make one
// recipient (byAddress); an address met again on a later page finds its record.
import { contactSkip } from '../domain/decide';
import { byAddress, personAccounts, personLookup, type Recipient } from '../domain/recipients';
import { NO_ADDRESS, type AccountView } from '../domain/types';
import type { Run } from './deps';
import { settleRecipients } from './settle';

export type PassResult = 'done' | 'stopped';

export async function fanOutPerson(run: Run): Promise<PassResult> {
  const { deps, dispatch } = run;
  const lookup = personLookup(run.target);
  const found =
    lookup.by === 'accountId'
      ? [await deps.accounts.byId(lookup.accountId)].filter((a): a is AccountView => !!a)
      : lookup.by === 'personalId'
        ? await deps.accounts.byPersonalId(lookup.personalId)
        : [];
  const recipients = byAddress(personAccounts(run.target, found));
  // No recipient: one record says why.
  const none: Recipient = { key: NO_ADDRESS, account: null, accounts: [] };
  const r = await settleRecipients(run, recipients.length ? recipients : [none], { haltOnSkip: false });
  if (r.stopped) return 'stopped';
  return (await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { fanoutDone: true }))
    ? 'done'
    : 'stopped';
}

export async function fanOutAll(run: Run): Promise<PassResult> {
  const { deps, dispatch } = run;
  const halt = async (
    status: NonNullable<ReturnType<typeof contactSkip>>,
    after: string | null,
  ): Promise<PassResult> => {
    // Halted: accounts not reached get no record; the dispatch says why it stopped.
    deps.logger.info('mail.skipped', {
      contactId: dispatch.contactId,
      eventId: dispatch.eventId,
      status,
      broadcastHaltedAfter: after,
    });
    return (await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { fanoutDone: true, halted: status }))
      ? 'done'
      : 'stopped';
  };
  let after = dispatch.cursor;
  for await (const page of deps.accounts.pages(after, deps.settings.pageSize)) {
    if (run.shouldStop()) return 'stopped';
    const skip = contactSkip(await run.contact(), deps.now());
    if (skip) return halt(skip, after);
    const r = await settleRecipients(run, byAddress(page), { haltOnSkip: true });
    if (r.halted) return halt(r.halted, after);
    if (r.stopped) return 'stopped';
    after = page[page.length - 1]!.accountId;
    if (!(await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { cursor: after }))) return 'stopped';
  }
  return (await deps.dispatches.saveProgress(dispatch.contactId, deps.owner, { fanoutDone: true }))
    ? 'done'
    : 'stopped';
}

/** A second pass over records still open (retries, leftovers of a dead attempt). */
export async function settleOpen(
  run: Run,
): Promise<{ kind: 'done' } | { kind: 'stopped' } | { kind: 'waiting'; until: number }> {
  const { deps, dispatch } = run;
  const open = await deps.deliveries.open(dispatch.contactId);
  if (open.length === 0) return { kind: 'done' };
  const accounts = new Map(
    (await deps.accounts.byIds(open.flatMap((d) => (d.accountId ? [d.accountId] : [])))).map((a) => [a.accountId, a]),
  );
  const recipients: Recipient[] = open.map((d) => ({
    key: d.id.slice(dispatch.contactId.length + 1),
    account: d.accountId ? (accounts.get(d.accountId) ?? null) : null,
    accounts: d.accounts,
  }));
  const r = await settleRecipients(run, recipients, { haltOnSkip: false, known: new Map(open.map((d) => [d.id, d])) });
  if (r.stopped) return { kind: 'stopped' };
  const waits = r.results.flatMap((x) => (x.kind === 'open' ? [x.at] : []));
  return waits.length ? { kind: 'waiting', until: Math.min(...waits) } : { kind: 'done' };
}
