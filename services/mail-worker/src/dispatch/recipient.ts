// One recipient of one dispatch, from its current record to a settled (or waiting)
// one. The at-most-once sequence: decide on fresh data → wait for a slot and a rate
// token → claim (SENDING, conditional) → hand to SMTP → record the answer
// (conditional on the claim). A crash between claim and record leaves SENDING,
// which the next lease holder turns into IN_DOUBT rather than sending again.
import { randomUUID } from 'node:crypto';
import { attemptOutcome } from '../domain/attempt';
import { decideRecipient } from '../domain/decide';
import { mailMessageId } from '../domain/message-id';
import { scrubError } from '../domain/scrub';
import { isTerminal, type AccountView, type ContactView, type Delivery } from '../domain/types';
import { mailLink, renderMail } from '../messages/render';
import type { OutgoingMail } from '../smtp/sender';
import type { Settlement } from '../store/delivery-store';
import type { Run } from './deps';
import { persist } from './persist';

export type RecipientResult =
  | { kind: 'done' }
  /** Waiting in RETRY until `at`. */
  | { kind: 'open'; at: number }
  /** Not handled: the run is stopping (shutdown, lost lease, SMTP down). */
  | { kind: 'stopped' };

const DONE: RecipientResult = { kind: 'done' };
const STOPPED: RecipientResult = { kind: 'stopped' };

export async function settleRecipient(run: Run, account: AccountView | null, existing: Delivery | undefined): Promise<RecipientResult> {
  const { deps, dispatch } = run;
  const { contactId } = dispatch;
  const accountId = account?.accountId ?? existing?.accountId ?? null;
  const ids = { contactId, accountId, eventId: dispatch.eventId };

  if (existing && isTerminal(existing.status)) return DONE;
  if (existing?.status === 'SENDING') {
    // Claimed by an attempt that is gone (this process never leaves its own SENDING behind).
    if (accountId && (await deps.deliveries.markInDoubt(contactId, accountId, existing.claim, deps.now()))) {
      deps.metrics.deliveries.inc({ status: 'IN_DOUBT' });
      deps.logger.warn('mail.in_doubt', { ...ids, status: 'IN_DOUBT', attempts: existing.attempts, claimedAt: existing.updatedAt });
    }
    return DONE;
  }
  if (existing?.status === 'RETRY' && (existing.nextAttemptAt ?? 0) > deps.now()) return { kind: 'open', at: existing.nextAttemptAt ?? 0 };
  if (run.shouldStop()) return STOPPED;

  const contact = await run.contact();
  const decision = decideRecipient(contact, account, deps.now());
  if (decision.kind === 'skip') {
    if (await deps.deliveries.skip(contactId, accountId, decision.status, deps.now())) {
      deps.metrics.deliveries.inc({ status: decision.status });
      deps.logger.info('mail.skipped', { ...ids, status: decision.status });
    }
    return DONE;
  }
  if (!contact || !account) return DONE; // decided "send" only with both; keeps the compiler informed

  const release = await deps.slots.acquire();
  try {
    if (!(await deps.limiter.take(run.stopping)) || run.shouldStop()) return STOPPED;
    // Everything that can be prepared is prepared before the claim, so the claim is the last step before SMTP.
    const prepared = prepare(run, contact, account);
    const messageId = mailMessageId(contactId, account.accountId, deps.settings.messageIdDomain);
    const claim = randomUUID();
    const attempts = (existing?.attempts ?? 0) + 1;
    const expected = existing ? { status: 'RETRY' as const, attempts: existing.attempts } : { status: null };
    if (!(await deps.deliveries.claim({ contactId, accountId: account.accountId, claim, messageId, at: deps.now() }, expected))) return DONE;
    if ('error' in prepared) {
      // Claimed, and nothing handed to SMTP: a key problem is recorded, not retried.
      await record(run, account.accountId, claim, { status: 'FAILED', lastError: prepared.error, at: deps.now() }, attempts);
      return DONE;
    }

    const started = deps.now();
    const result = await deps.sender.send({ ...prepared.mail, messageId });
    const now = deps.now();
    const o = attemptOutcome(result, attempts, now, deps.policy);
    deps.metrics.sendDuration.observe({ outcome: o.status }, (now - started) / 1000);
    if ('linkDown' in o && o.linkDown) deps.link.down(o.error);
    const s: Settlement = o.status === 'SENT' ? { status: 'SENT', smtpResponse: o.response, at: now }
      : o.status === 'RETRY' ? { status: 'RETRY', nextAttemptAt: o.at, lastError: o.error, at: now }
        : { status: o.status, lastError: o.error, at: now };
    await record(run, account.accountId, claim, s, attempts, messageId);
    return o.status === 'RETRY' ? { kind: 'open', at: o.at } : DONE;
  } finally {
    release();
  }
}

/** The address decrypted and the mail rendered; or why the address cannot be read. */
function prepare(run: Run, contact: ContactView, account: AccountView): { mail: Omit<OutgoingMail, 'messageId'> } | { error: string } {
  const { settings } = run.deps;
  let to: string;
  try {
    to = run.deps.decryptEmail(account.email);
  } catch (err) {
    return { error: `the address cannot be decrypted: ${scrubError(err instanceof Error ? err.message : String(err))}` };
  }
  return { mail: { to, ...renderMail(contact.kind, mailLink(contact.linkUrl, settings.myPageUrl), settings.locale) } };
}

/** Writes the outcome (retrying the database until it answers or the run is abandoned), then logs and counts it. */
async function record(run: Run, accountId: string, claim: string, s: Settlement, attempts: number, messageId?: string): Promise<void> {
  const { deps, dispatch } = run;
  const stored = await persist(run, () => deps.deliveries.settle(dispatch.contactId, accountId, claim, s));
  if (!stored) return;
  const fields = { contactId: dispatch.contactId, accountId, eventId: dispatch.eventId, status: s.status, attempts };
  deps.metrics.deliveries.inc({ status: s.status });
  if (s.status === 'SENT') deps.logger.info('mail.sent', { ...fields, messageId });
  else if (s.status === 'RETRY') deps.logger.warn('mail.retry_scheduled', { ...fields, nextAttemptAt: s.nextAttemptAt, error: s.lastError });
  else if (s.status === 'IN_DOUBT') deps.logger.warn('mail.in_doubt', { ...fields, error: s.lastError });
  else deps.logger.warn('mail.failed', { ...fields, error: s.lastError });
}
