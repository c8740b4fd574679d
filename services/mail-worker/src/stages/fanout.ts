// Stage 3, fan out: the passes over a dispatch's recipients, from the stored contact,
// and what each batch of recipient addresses becomes before anything is sent.
//
// Who (docs/rules.md#mail). PERSON: "by accountId, else by personalId"; an accountId
// names one account, and only that one: a missing account is not replaced by a guess,
// and an account of another person is never mailed (the ids disagree only through a
// data error, and mailing a stranger is the worse outcome). By personalId: every account
// of the person, in one pass. ALL: every account in accountId order, a page at a time
// through one cursor; the cursor is saved after each page, so a restarted broadcast
// resumes at the first page not finished, and the delivery records make re-visiting
// that page harmless. Either way accounts sharing an address (emailHash) make one
// recipient, so one address gets one mail per contact; an address met again on a later
// page finds its record.
//
// A batch (a PERSON's addresses, a broadcast page, or the records still open): read the
// records in one look-up, plan each (check.ts), write by kind in batches — in-doubt
// marks, accounts reached again at a known address, skips — and send the rest
// (send.ts). A contact-level reason to stop found while sending either halts the pass
// (a broadcast: addresses not reached get no record) or is recorded for each recipient
// not reached (a PERSON contact).
import { NO_ADDRESS, deliveryId, type AccountView, type Delivery, type SkipStatus } from '../domain/types';
import type { Run } from '../pipeline';
import type { SkipWrite } from '../store/deliveries';
import { contactSkip, planRecipient, type Step } from './check';
import { sendAll, type RecipientResult } from './send';

export interface PersonTarget {
  accountId: string | null;
  personalId: string | null;
}

export type PersonLookup =
  | { by: 'accountId'; accountId: string }
  | { by: 'personalId'; personalId: string }
  | { by: 'none' };

export function personLookup(t: PersonTarget): PersonLookup {
  if (t.accountId) return { by: 'accountId', accountId: t.accountId };
  if (t.personalId) return { by: 'personalId', personalId: t.personalId };
  return { by: 'none' };
}

/** The person's accounts among what the lookup found (the account by id, or the person's accounts). */
export function personAccounts(t: PersonTarget, found: AccountView[]): AccountView[] {
  const lookup = personLookup(t);
  if (lookup.by === 'none') return [];
  if (lookup.by === 'accountId') {
    const a = found.find((x) => x.accountId === lookup.accountId);
    return !a || (t.personalId && a.personalId !== t.personalId) ? [] : [a];
  }
  return found.filter((a) => a.personalId === lookup.personalId);
}

/** One address of a contact: the account mailed through (null: none found), and every account at it. */
export interface Recipient {
  /** emailHash, or NO_ADDRESS when no account was found. */
  key: string;
  account: AccountView | null;
  /** accountIds at this address, in order. */
  accounts: string[];
}

const byId = (a: AccountView, b: AccountView): number =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;

/**
 * One recipient per emailHash, in order of the first accountId. Within one address the
 * first account with delivery ENABLED is mailed through, else the first: the stop is
 * a per-account setting, and the address still takes this person's mail through the other.
 */
export function byAddress(accounts: AccountView[]): Recipient[] {
  const groups = new Map<string, AccountView[]>();
  for (const a of [...accounts].sort(byId)) groups.set(a.emailHash, [...(groups.get(a.emailHash) ?? []), a]);
  return [...groups.entries()].map(([key, at]) => ({
    key,
    account: at.find((a) => a.mailDelivery === 'ENABLED') ?? at[0]!,
    accounts: at.map((a) => a.accountId),
  }));
}

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
  const r = await visitBatch(run, recipients.length ? recipients : [none], { haltOnSkip: false });
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
    const r = await visitBatch(run, byAddress(page), { haltOnSkip: true });
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
export async function fanOutOpen(
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
  const r = await visitBatch(run, recipients, { haltOnSkip: false, known: new Map(open.map((d) => [d.id, d])) });
  if (r.stopped) return { kind: 'stopped' };
  const waits = r.results.flatMap((x) => (x.kind === 'open' ? [x.at] : []));
  return waits.length ? { kind: 'waiting', until: Math.min(...waits) } : { kind: 'done' };
}

interface BatchResult {
  results: RecipientResult[];
  /** Set when `haltOnSkip` and the contact stopped being mailable: the pass ends here. */
  halted: SkipStatus | null;
  stopped: boolean;
}

const DONE: RecipientResult = { kind: 'done' };

/** One batch of addresses, from their records to settled, waiting or handed to the send stage. */
async function visitBatch(
  run: Run,
  recipients: Recipient[],
  o: { haltOnSkip: boolean; known?: Map<string, Delivery> },
): Promise<BatchResult> {
  const { deps, dispatch } = run;
  const id = (r: Recipient): string => deliveryId(dispatch.contactId, r.key);
  const existing = o.known ?? (await deps.deliveries.getMany(recipients.map(id)));
  const now = deps.now();
  const skipNow = contactSkip(await run.contact(), now);
  if (skipNow && o.haltOnSkip) return { results: recipients.map(() => DONE), halted: skipNow, stopped: false };
  const steps = recipients.map((r) => planRecipient(r, existing.get(id(r)), skipNow, now));
  const results: RecipientResult[] = steps.map((s) => (s.kind === 'open' ? { kind: 'open', at: s.at } : DONE));

  for (const [i, s] of steps.entries()) {
    if (s.kind !== 'in_doubt') continue;
    const r = recipients[i]!;
    if (await deps.deliveries.markInDoubt(id(r), s.claim, now)) {
      const d = existing.get(id(r));
      deps.metrics.deliveries.inc({ status: 'IN_DOUBT' });
      deps.logger.warn('mail.in_doubt', {
        contactId: dispatch.contactId,
        accountId: d?.accountId ?? null,
        eventId: dispatch.eventId,
        status: 'IN_DOUBT',
        attempts: d?.attempts ?? 0,
        claimedAt: d?.updatedAt ?? null,
      });
    }
  }
  const of = <K extends Step['kind']>(kind: K) =>
    steps.flatMap((s, i) => (s.kind === kind ? [{ s: s as Extract<Step, { kind: K }>, r: recipients[i]!, i }] : []));
  await deps.deliveries.share(of('share').map(({ s, r }) => ({ id: id(r), accounts: s.accounts, at: now })));
  await writeSkips(
    run,
    of('skip').map(({ s, r }) => skipWrite(run, r, s.status, s.expected, now)),
  );

  const sends = of('send');
  const sent = await sendAll(
    run,
    sends.map(({ s, r }) => ({ recipient: r, account: s.account, expected: s.expected })),
  );
  sends.forEach(({ i }, k) => {
    results[i] = sent.results[k]!;
  });
  if (sent.skip && o.haltOnSkip) return { results, halted: sent.skip, stopped: false };
  if (sent.skip) {
    // A PERSON contact deleted or answered while it was being mailed: the rest are recorded as skipped.
    await writeSkips(
      run,
      sent.unreached.flatMap((u) =>
        u.expected.status === 'SKIPPED_STOPPED'
          ? []
          : [skipWrite(run, u.recipient, sent.skip!, u.expected, deps.now())],
      ),
    );
    for (const u of sent.unreached) results[sends[sends.findIndex((x) => x.r === u.recipient)]!.i] = DONE;
  }
  return { results, halted: null, stopped: results.some((r) => r.kind === 'stopped') };
}

function skipWrite(
  run: Run,
  r: Recipient,
  status: SkipStatus,
  expected: { status: null } | { status: 'RETRY'; attempts?: number },
  at: number,
): SkipWrite {
  const { contactId } = run.dispatch;
  return {
    id: deliveryId(contactId, r.key),
    contactId,
    audience: run.audience,
    accountId: r.account?.accountId ?? null,
    accounts: r.accounts,
    status,
    at,
    expected: expected.status === null ? { status: null } : { status: 'RETRY' },
  };
}

async function writeSkips(run: Run, writes: SkipWrite[]): Promise<void> {
  const { deps, dispatch } = run;
  if (writes.length === 0) return;
  const written = await deps.deliveries.skip(writes);
  for (const w of writes) {
    if (!written.has(w.id)) continue;
    deps.metrics.deliveries.inc({ status: w.status });
    deps.logger.info('mail.skipped', {
      contactId: dispatch.contactId,
      accountId: w.accountId,
      eventId: dispatch.eventId,
      status: w.status,
    });
  }
}
