// Recording what SMTP answered must not be lost to a database hiccup: the mail is
// already out (or refused). The write is retried with backoff while the database
// does not answer, until it succeeds or the drain bound passes (then the record
// stays SENDING and the next lease holder marks it IN_DOUBT: at most once holds).
// The waits are the runtime's backoff of transient failures (full jitter).
import { backoffDelay, isTransient } from '@workers/runtime';
import type { Run } from './deps';
import { pause } from './pacing';

const BACKOFF = { baseMs: 100, capMs: 5000 };

/** Resolves with the write's answer, or false when abandoned. Throws non-transient errors. */
export async function persist<T>(run: Run, write: () => Promise<T>): Promise<T | false> {
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
