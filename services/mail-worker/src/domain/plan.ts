// What to do for one recipient address, from its record (if any) and the contact and
// account as they are now. Pure; the caller batches the writes. The at-most-once
// rules: a terminal record is never sent again (an address reached through another
// account only gains that account), except SKIPPED_STOPPED, which an ENABLED account
// at the same address may still claim (nothing was sent); a SENDING record seen here
// was left by an attempt that is gone (a process never revisits its own in-flight
// sends) and becomes IN_DOUBT; a RETRY record waits for its time.
import type { Recipient } from './recipients';
import { isTerminal, type AccountView, type Delivery, type SkipStatus } from './types';

/** The record state a claim or skip write is conditional on. */
export type Expected = { status: null } | { status: 'RETRY'; attempts: number } | { status: 'SKIPPED_STOPPED' };

export type Step =
  | { kind: 'done' }
  | { kind: 'share'; accounts: string[] }
  | { kind: 'open'; at: number }
  | { kind: 'in_doubt'; claim: string | null }
  | { kind: 'skip'; status: SkipStatus; expected: { status: null } | { status: 'RETRY' } }
  | { kind: 'send'; account: AccountView; expected: Expected };

/** `contactSkip`: the contact-level reason not to mail anyone now (deleted, answered…), or null. */
export function planRecipient(
  r: Recipient,
  existing: Delivery | undefined,
  contactSkip: SkipStatus | null,
  now: number,
): Step {
  if (existing && isTerminal(existing.status)) {
    if (existing.status === 'SKIPPED_STOPPED' && contactSkip === null && r.account?.mailDelivery === 'ENABLED') {
      return { kind: 'send', account: r.account, expected: { status: 'SKIPPED_STOPPED' } };
    }
    const missing = r.accounts.filter((a) => !existing.accounts.includes(a));
    return missing.length ? { kind: 'share', accounts: missing } : { kind: 'done' };
  }
  if (existing?.status === 'SENDING') return { kind: 'in_doubt', claim: existing.claim };
  if (existing?.status === 'RETRY' && (existing.nextAttemptAt ?? 0) > now)
    return { kind: 'open', at: existing.nextAttemptAt ?? 0 };
  const skipExpected = existing ? { status: 'RETRY' as const } : { status: null };
  const skip = (status: SkipStatus): Step => ({ kind: 'skip', status, expected: skipExpected });
  if (contactSkip !== null) return skip(contactSkip);
  if (!r.account) return skip('SKIPPED_NO_ACCOUNT');
  if (r.account.mailDelivery !== 'ENABLED') return skip('SKIPPED_STOPPED');
  return {
    kind: 'send',
    account: r.account,
    expected: existing ? { status: 'RETRY', attempts: existing.attempts } : { status: null },
  };
}
