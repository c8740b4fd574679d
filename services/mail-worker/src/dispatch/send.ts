// The sends of a batch of recipients, as a pipeline. The at-most-once sequence per
// recipient is unchanged: decide on fresh data → slot and rate token → claim
// (SENDING, conditional) → hand to SMTP → record the answer (conditional on the
// claim). What is batched is the database work: the recipients for which slots are
// free are claimed in one write, and outcomes are recorded by group commit. A slot is
// held from before the claim until the outcome is recorded, so at any time at most
// SMTP_MAX_CONNECTIONS records are claimed and not recorded: the most a crash can
// leave in doubt.
//
// Throws what the stores throw, after the sends in flight have finished and been recorded.
import { randomUUID } from 'node:crypto';
import { attemptOutcome } from '../domain/attempt';
import { checkContact } from '../domain/decide';
import { mailMessageId } from '../domain/message-id';
import type { Expected } from '../domain/plan';
import type { Recipient } from '../domain/recipients';
import { scrubError } from '../domain/scrub';
import { deliveryId, type AccountView, type ContactView, type SkipStatus } from '../domain/types';
import type { Claim, SettleWrite, Settlement } from '../store/delivery-store';
import type { Run } from './deps';
import { GroupWriter } from './group-writer';
import { persist } from './persist';

export interface SendItem {
  recipient: Recipient;
  account: AccountView;
  expected: Expected;
}

export type RecipientResult =
  | { kind: 'done' }
  /** Waiting in RETRY until `at`. */
  | { kind: 'open'; at: number }
  /** Not handled: the run is stopping (shutdown, lost lease, SMTP down). */
  | { kind: 'stopped' };

export interface SendResults {
  /** Per item of the input, in order; `unreached` ones are 'stopped'. */
  results: RecipientResult[];
  /** The contact-level reason sending stopped (deleted, answered…), if it did. */
  skip: SkipStatus | null;
  /** Items not claimed because sending stopped (for any reason). */
  unreached: SendItem[];
}

const DONE: RecipientResult = { kind: 'done' };
const STOPPED: RecipientResult = { kind: 'stopped' };

interface Prepared {
  index: number;
  item: SendItem;
  claim: Claim;
  attempts: number;
  mail: { to: string; subject: string; text: string; html: string } | { error: string };
}

export async function sendAll(run: Run, items: SendItem[]): Promise<SendResults> {
  const { deps } = run;
  const results: RecipientResult[] = items.map(() => STOPPED);
  const settler = new GroupWriter<SettleWrite>((batch) => persist(run, () => deps.deliveries.settle(batch)));
  const inFlight = new Set<Promise<void>>();
  let skip: SkipStatus | null = null;
  let next = 0;
  let failure: { err: unknown } | undefined;
  try {
    while (next < items.length && !failure && !run.shouldStop()) {
      const releases = await deps.slots.acquireUpTo(items.length - next);
      const releaseAll = (): void => {
        for (const r of releases) r();
      };
      if (failure || !(await deps.limiter.takeMany(releases.length, run.stopping)) || run.shouldStop()) {
        releaseAll();
        break;
      }
      // Everything that can be prepared is prepared before the claim, so the claim is the last step before SMTP.
      const contact = await run.contact();
      const check = checkContact(contact, deps.now());
      if (check.kind !== 'go' || !contact) {
        releaseAll();
        skip = check.kind === 'skip' ? check.status : null;
        break;
      }
      const batch = items.slice(next, next + releases.length).map((item, i) => prepare(run, contact, item, next + i));
      next += batch.length;
      const claimed = await deps.deliveries.claim(batch.map((p) => p.claim));
      batch.forEach((p, i) => {
        const release = releases[i]!;
        if (!claimed.has(p.claim.id)) {
          // Someone else moved first (another process, or a record changed since it was read).
          results[p.index] = DONE;
          release();
          return;
        }
        const task = deliver(run, settler, p)
          .then(
            (r) => {
              results[p.index] = r;
            },
            (err: unknown) => {
              failure ??= { err };
            },
          )
          .finally(() => {
            release();
            inFlight.delete(task);
          });
        inFlight.add(task);
      });
      for (const r of releases.slice(batch.length)) r();
    }
  } catch (err) {
    failure ??= { err };
  }
  await Promise.all([...inFlight]);
  if (failure) throw failure.err;
  return { results, skip, unreached: items.slice(next) };
}

/** The claim, the address decrypted and the mail rendered; or why the address cannot be read. */
function prepare(run: Run, contact: ContactView, item: SendItem, index: number): Prepared {
  const { deps, dispatch } = run;
  const { recipient: r, account, expected } = item;
  const claim: Claim = {
    id: deliveryId(dispatch.contactId, r.key),
    contactId: dispatch.contactId,
    audience: run.audience,
    accountId: account.accountId,
    accounts: r.accounts,
    claim: randomUUID(),
    messageId: mailMessageId(dispatch.contactId, account.accountId, deps.settings.messageIdDomain),
    at: deps.now(),
    expected,
  };
  const attempts = (expected.status === 'RETRY' ? expected.attempts : 0) + 1;
  let to: string;
  try {
    to = deps.decryptEmail(account.email, account.accountId);
  } catch (err) {
    return {
      index,
      item,
      claim,
      attempts,
      mail: {
        error: `the address cannot be decrypted: ${scrubError(err instanceof Error ? err.message : String(err))}`,
      },
    };
  }
  return { index, item, claim, attempts, mail: { to, ...run.rendered(contact) } };
}

/** Hands one claimed message to SMTP and records the answer. */
async function deliver(run: Run, settler: GroupWriter<SettleWrite>, p: Prepared): Promise<RecipientResult> {
  const { deps } = run;
  if ('error' in p.mail) {
    // Claimed, and nothing handed to SMTP: a key problem is recorded, not retried.
    await record(run, settler, p, { status: 'FAILED', lastError: p.mail.error, at: deps.now() });
    return DONE;
  }
  const started = deps.now();
  const result = await deps.sender.send({ ...p.mail, messageId: p.claim.messageId });
  const now = deps.now();
  const o = attemptOutcome(result, p.attempts, now, deps.policy);
  deps.metrics.sendDuration.observe({ outcome: o.status }, (now - started) / 1000);
  if ('linkDown' in o && o.linkDown) deps.link.down(o.error);
  const s: Settlement =
    o.status === 'SENT'
      ? { status: 'SENT', smtpResponse: o.response, at: now }
      : o.status === 'RETRY'
        ? { status: 'RETRY', nextAttemptAt: o.at, lastError: o.error, at: now }
        : { status: o.status, lastError: o.error, at: now };
  await record(run, settler, p, s);
  return o.status === 'RETRY' ? { kind: 'open', at: o.at } : DONE;
}

/** Writes the outcome (group commit, retried while the database does not answer), then logs and counts it. */
async function record(run: Run, settler: GroupWriter<SettleWrite>, p: Prepared, s: Settlement): Promise<void> {
  const { deps, dispatch } = run;
  if (!(await settler.add({ id: p.claim.id, claim: p.claim.claim, s }))) return;
  const fields = {
    contactId: dispatch.contactId,
    accountId: p.claim.accountId,
    eventId: dispatch.eventId,
    status: s.status,
    attempts: p.attempts,
  };
  deps.metrics.deliveries.inc({ status: s.status });
  if (s.status === 'SENT') deps.logger.info('mail.sent', { ...fields, messageId: p.claim.messageId });
  else if (s.status === 'RETRY')
    deps.logger.warn('mail.retry_scheduled', { ...fields, nextAttemptAt: s.nextAttemptAt, error: s.lastError });
  else if (s.status === 'IN_DOUBT') deps.logger.warn('mail.in_doubt', { ...fields, error: s.lastError });
  else deps.logger.warn('mail.failed', { ...fields, error: s.lastError });
}
