// One call's attempts: each sends the same message and waits `timeoutMs` for a reply
// with its requestId; the next re-sends after a backoff; any reply to the id answers
// the call, whichever attempt it answers. A call that gives up says whether anything
// was acknowledged, and its id is kept for a late reply.
import { backoffDelay, type BackoffOptions } from '@workers/runtime';
import type { Arrival, Correlator, GaveUp } from './correlator';
import { ClientClosedError, RequestTimeoutError } from './errors';
import type { Answered, CallOptions } from './request-reply';
import type { ClientTransport, RequestMessage } from './transport';

export interface ExchangeContext {
  transport: ClientTransport;
  correlator: Correlator;
  /** Aborted by close(). */
  closing: AbortSignal;
  /** The client's defaults, for calls that name none. */
  attempts: number;
  timeoutMs: number;
  backoff: BackoffOptions;
}

const TIMEOUT = Symbol('timeout');

/** `p`, or TIMEOUT at `deadline`; rejects when `signal` aborts. */
function until<T>(p: Promise<T>, deadline: number, signal: AbortSignal): Promise<T | typeof TIMEOUT> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const abort = (): void => finish(() => reject(signal.reason));
    const timer = setTimeout(() => finish(() => resolve(TIMEOUT)), Math.max(0, deadline - Date.now()));
    const finish = (f: () => void): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      f();
    };
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

export async function exchange(
  x: ExchangeContext,
  operation: string,
  requestId: string,
  msg: RequestMessage,
  c: CallOptions,
  onAcknowledged: (at: number) => void,
): Promise<Answered> {
  if (x.closing.aborted) throw new ClientClosedError('the client is closed');
  const signal = c.signal ? AbortSignal.any([c.signal, x.closing]) : x.closing;
  const attempts = Math.max(1, c.attempts ?? x.attempts);
  const timeoutMs = c.timeoutMs ?? x.timeoutMs;
  const waiter = x.correlator.expect(requestId);
  const sentAt = Date.now();
  let acknowledged = false;
  let sendError: unknown;
  let made = 0;
  const answered = (a: Arrival): Answered => {
    if (!a.reply.ok) throw a.reply.error;
    return { requestId, reply: a.reply.value, attempts: made, sentAt, receivedAt: a.receivedAt, received: a.message };
  };
  try {
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        const pause = Date.now() + backoffDelay(attempt - 1, x.backoff);
        const early = await until(waiter.answer, pause, signal);
        if (early !== TIMEOUT) return answered(early);
      }
      const deadline = Date.now() + timeoutMs;
      made++;
      const send = x.transport.send(msg).then(
        () => {
          acknowledged = true;
          onAcknowledged(Date.now());
        },
        (err: unknown) => {
          sendError = err;
          throw err;
        },
      );
      const first = await until(Promise.race([send.then(() => waiter.answer), waiter.answer]), deadline, signal).catch(
        (err: unknown) => {
          if (signal.aborted) throw err;
          return 'send-failed' as const;
        },
      );
      if (first === TIMEOUT) continue;
      if (first === 'send-failed') {
        // Nothing to wait for from this attempt, but an earlier copy may still be answered.
        const got = await until(waiter.answer, deadline, signal);
        if (got !== TIMEOUT) return answered(got);
        continue;
      }
      return answered(first);
    }
  } catch (err) {
    if (signal.aborted) {
      gaveUp(x, requestId, operation, acknowledged ? 'Cancelled' : 'NotSent', made > 0);
      throw x.closing.aborted ? new ClientClosedError('the client was closed', { cause: err }) : err;
    }
    throw err;
  } finally {
    waiter.stop();
  }
  const state = acknowledged ? 'SentUnanswered' : 'NotSent';
  gaveUp(x, requestId, operation, state, true);
  throw new RequestTimeoutError(state, requestId, operation, made, { cause: sendError });
}

function gaveUp(x: ExchangeContext, requestId: string, operation: string, state: GaveUp['state'], sent: boolean): void {
  if (sent) x.correlator.gaveUp({ requestId, operation, state, gaveUpAt: Date.now() });
}
