// A batch of recipient addresses of one dispatch (a PERSON's, a broadcast page, or the
// records still open), from their records to settled or waiting ones: read the
// records in one look-up, plan each (plan.ts), then write by kind in batches — in-doubt
// marks, accounts reached again at a known address, skips — and send the rest
// (send.ts). A contact-level reason to stop found while sending either halts the pass
// (a broadcast: addresses not reached get no record) or is recorded for each
// recipient not reached (a PERSON contact).
import { contactSkip } from '../domain/decide';
import { planRecipient, type Step } from '../domain/plan';
import type { Recipient } from '../domain/recipients';
import { deliveryId, type Delivery, type SkipStatus } from '../domain/types';
import type { SkipWrite } from '../store/delivery-store';
import type { Run } from './deps';
import { sendAll, type RecipientResult } from './send';

export type { RecipientResult };

export interface BatchResult {
  results: RecipientResult[];
  /** Set when `haltOnSkip` and the contact stopped being mailable: the pass ends here. */
  halted: SkipStatus | null;
  stopped: boolean;
}

const DONE: RecipientResult = { kind: 'done' };

export async function settleRecipients(
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
