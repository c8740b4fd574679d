// What one attempt's SMTP result becomes in the delivery record. Pure: the caller
// writes the settlement (conditional on its claim) and acts on `linkDown`.
import { afterFailure, type RetryPolicy } from './retry';
import { scrubError } from './scrub';
import { classifySmtpFailure, type FailureKind, type SendResult } from './smtp-failure';

export type AttemptOutcome =
  | { status: 'SENT'; response: string }
  | { status: 'RETRY'; at: number; error: string; cause: FailureKind; linkDown: boolean }
  | { status: 'FAILED'; error: string; cause: FailureKind | 'gave_up'; linkDown: boolean }
  | { status: 'IN_DOUBT'; error: string };

/** `attempts` includes this attempt. */
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
