// Stage 5, settle: each send's answer becomes its delivery record, and a dispatch with
// nothing open becomes DONE.
//
// An answer (SENT, RETRY, FAILED, IN_DOUBT) is written conditional on the claim that
// sent, by group commit: a write starts at the end of the event-loop turn in which the
// first outcome arrived (so outcomes of the same turn share it), and every outcome that
// arrives while a write is in flight goes into the next one; under load one bulkWrite
// carries many records, when idle one, without a timer. Recording what SMTP answered
// must not be lost to a database hiccup (the mail is already out, or refused): the
// write is retried with the runtime's backoff of transient failures (full jitter) while
// the database does not answer, until it succeeds or the drain bound passes (then the
// record stays SENDING and the next lease holder marks it IN_DOUBT: at most once holds).
//
// A deferred delivery is tried again after the runtime's exponential backoff
// (base·2^(attempt-1), capped), so a busy mailbox is not hammered, bounded by a number
// of attempts so nothing retries forever. No jitter: the time is recorded on the
// delivery (nextAttemptAt) and shown to operators.
//
// A dispatch is settled when no record is open (every one SENT, FAILED, IN_DOUBT or
// SKIPPED_*): the contact's mail-sent flag and outcome counts are set (the flag means
// "a mail was sent": true only when `sent` > 0), then the dispatch is marked DONE with
// its count per status. A dispatch that served no approval is closed DONE without a
// recipient record: the dispatch itself says why.
import { backoffDelay, isTransient } from '@workers/runtime';
import { exponentialDelay } from '@workers/runtime/pure';
import type { DeliveryStatus, Dispatch, DispatchHalt, MailOutcome } from '../domain/types';
import { pause } from '../pacing';
import type { Run, RunDeps } from '../pipeline';
import { classifySmtpFailure, scrubError, type FailureKind, type SendResult } from '../smtp/sender';
import type { Claim, SettleWrite, Settlement } from '../store/deliveries';
import type { RecipientResult } from './send';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export type AfterFailure = { kind: 'retry'; at: number } | { kind: 'give_up' };

/** `attempts` counts the attempt that just failed (1 after the first). */
export function afterFailure(attempts: number, now: number, p: RetryPolicy, immediate = false): AfterFailure {
  if (attempts >= p.maxAttempts) return { kind: 'give_up' };
  if (immediate) return { kind: 'retry', at: now };
  return { kind: 'retry', at: now + retryDelay(attempts, p) };
}

export function retryDelay(attempts: number, p: Pick<RetryPolicy, 'baseMs' | 'capMs'>): number {
  return exponentialDelay(attempts - 1, p);
}

export type AttemptOutcome =
  | { status: 'SENT'; response: string }
  | { status: 'RETRY'; at: number; error: string; cause: FailureKind; linkDown: boolean }
  | { status: 'FAILED'; error: string; cause: FailureKind | 'gave_up'; linkDown: boolean }
  | { status: 'IN_DOUBT'; error: string };

/** What one attempt's SMTP result becomes in its delivery record; pure. `attempts` includes this attempt. */
export function attemptOutcome(r: SendResult, attempts: number, now: number, policy: RetryPolicy): AttemptOutcome {
  if (r.ok) return { status: 'SENT', response: scrubError(r.response) };
  const f = r.failure;
  const cause = classifySmtpFailure(f);
  const error = scrubError(`${f.responseCode ?? f.code ?? 'error'}: ${f.message}`);
  if (cause === 'in_doubt')
    return { status: 'IN_DOUBT', error: `connection lost after the message was handed over (${error})` };
  if (cause === 'permanent') return { status: 'FAILED', error, cause, linkDown: false };
  const linkDown = cause === 'link';
  // A link failure is nobody's fault in particular: retry as soon as the server answers again.
  const next = afterFailure(attempts, now, policy, linkDown);
  if (next.kind === 'give_up')
    return { status: 'FAILED', error: `gave up after ${attempts} attempts (${error})`, cause: 'gave_up', linkDown };
  return { status: 'RETRY', at: next.at, error, cause, linkDown };
}

/** A claimed attempt: its claim and its number (this attempt included). */
export interface ClaimedAttempt {
  claim: Claim;
  attempts: number;
}

/**
 * Records the answers of the sends of one batch (sendAll): group commit, retried while
 * the database does not answer, then logged and counted. Throws what the store throws
 * when it is not transient.
 */
export class Recorder {
  private readonly writer: GroupWriter<SettleWrite>;

  constructor(private readonly run: Run) {
    this.writer = new GroupWriter((batch) => persist(run, () => run.deps.deliveries.settle(batch)));
  }

  /** What SMTP answered (`started`: when the message was handed over), recorded; RETRY is open until its time. */
  async answered(a: ClaimedAttempt, result: SendResult, started: number): Promise<RecipientResult> {
    const { deps } = this.run;
    const now = deps.now();
    const o = attemptOutcome(result, a.attempts, now, deps.policy);
    deps.metrics.sendDuration.observe({ outcome: o.status }, (now - started) / 1000);
    if ('linkDown' in o && o.linkDown) deps.link.down(o.error);
    const s: Settlement =
      o.status === 'SENT'
        ? { status: 'SENT', smtpResponse: o.response, at: now }
        : o.status === 'RETRY'
          ? { status: 'RETRY', nextAttemptAt: o.at, lastError: o.error, at: now }
          : { status: o.status, lastError: o.error, at: now };
    await this.record(a, s);
    return o.status === 'RETRY' ? { kind: 'open', at: o.at } : { kind: 'done' };
  }

  /** Writes the outcome, then logs and counts it (nothing when the claim no longer held, or the run was abandoned). */
  async record(a: ClaimedAttempt, s: Settlement): Promise<void> {
    const { deps, dispatch } = this.run;
    if (!(await this.writer.add({ id: a.claim.id, claim: a.claim.claim, s }))) return;
    const fields = {
      contactId: dispatch.contactId,
      accountId: a.claim.accountId,
      eventId: dispatch.eventId,
      status: s.status,
      attempts: a.attempts,
    };
    deps.metrics.deliveries.inc({ status: s.status });
    if (s.status === 'SENT') deps.logger.info('mail.sent', { ...fields, messageId: a.claim.messageId });
    else if (s.status === 'RETRY')
      deps.logger.warn('mail.retry_scheduled', { ...fields, nextAttemptAt: s.nextAttemptAt, error: s.lastError });
    else if (s.status === 'IN_DOUBT') deps.logger.warn('mail.in_doubt', { ...fields, error: s.lastError });
    else deps.logger.warn('mail.failed', { ...fields, error: s.lastError });
  }
}

/**
 * Group commit. `write` answers which items it stored (the rest lost their condition),
 * or false when it gave up (the run was abandoned); a thrown error rejects its items.
 */
export class GroupWriter<T extends { id: string }> {
  private queue: { item: T; resolve(stored: boolean): void; reject(err: unknown): void }[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;

  constructor(private readonly write: (items: T[]) => Promise<Set<string> | false>) {}

  /** Resolves with whether the item was stored, once its write is done. */
  add(item: T): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.kick();
        });
      }
    });
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    this.running = this.write(batch.map((b) => b.item))
      .then(
        (stored) => {
          for (const b of batch) b.resolve(stored !== false && stored.has(b.item.id));
        },
        (err: unknown) => {
          for (const b of batch) b.reject(err);
        },
      )
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }
}

const BACKOFF = { baseMs: 100, capMs: 5000 };

/** Resolves with the write's answer, or false when abandoned. Throws non-transient errors. */
async function persist<T>(run: Run, write: () => Promise<T>): Promise<T | false> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isTransient(err)) throw err;
      run.deps.logger.warn('dispatcher.failed', {
        contactId: run.dispatch.contactId,
        step: 'record outcome',
        attempt,
        error: err instanceof Error ? err.message : String(err),
      });
      if (!(await pause(backoffDelay(attempt - 1, BACKOFF), run.abandon))) return false;
    }
  }
}

/** The outcome counts the contact keeps beside its mail-sent flag, from a settled dispatch's count per status. */
export function mailOutcome(summary: Partial<Record<DeliveryStatus, number>>): MailOutcome {
  const n = (s: DeliveryStatus): number => summary[s] ?? 0;
  const skipped = Object.entries(summary).reduce((sum, [s, c]) => sum + (s.startsWith('SKIPPED_') ? (c ?? 0) : 0), 0);
  return { sent: n('SENT'), skipped, failed: n('FAILED'), inDoubt: n('IN_DOUBT') };
}

/**
 * Nothing is open: the contact's flag and counts, then the dispatch DONE. The caller has
 * stopped renewing the lease before (a renewal answered after the release would read the
 * released lease as taken by another process). Throws what the stores throw.
 */
export async function settleDispatch(run: Run): Promise<void> {
  const { deps, dispatch } = run;
  const { contactId } = dispatch;
  const summary = await deps.deliveries.countByStatus(contactId);
  const at = deps.now();
  await deps.mailFlags.markSettled(contactId, mailOutcome(summary), at);
  run.lease.stop();
  if (await deps.dispatches.complete(contactId, deps.owner, summary, at)) {
    deps.logger.info('mail.dispatch_settled', {
      contactId,
      eventId: dispatch.eventId,
      audience: run.audience,
      summary,
    });
  }
}

/** DONE without a recipient record: the dispatch itself says why. */
export async function closeUnserved(deps: RunDeps, dispatch: Dispatch, halted: DispatchHalt): Promise<void> {
  if (await deps.dispatches.complete(dispatch.contactId, deps.owner, {}, deps.now(), halted)) {
    deps.logger.info('mail.dispatch_settled', {
      contactId: dispatch.contactId,
      eventId: dispatch.eventId,
      halted,
      summary: {},
    });
  }
}
