// One route's request/reply client: encodes a request with the repository's schema,
// produces it keyed as the contract says with its requestId in `correlation-id`, and
// waits for the reply with that header on the one reply topic it listens to. Each
// attempt waits `timeoutMs`; the next re-sends the very same bytes (same requestId:
// the workers apply it once and answer every copy alike) after a backoff. Any reply
// to the id answers the call, whichever attempt it answers. A call that gives up
// throws RequestTimeoutError saying whether anything was sent; a reply that still
// comes within the late window goes to `onLateReply`.
import { randomUUID } from 'node:crypto';
import { backoffDelay, type BackoffOptions, type Codec, idProblem } from '@workers/runtime';
import { type Arrival, Correlator, type GaveUp } from './correlator';
import { ClientClosedError, ReplyUnreadableError, RequestTimeoutError } from './errors';
import type { RouteSpec } from './route-spec';
import type { ClientTransport, ReplyMessage } from './transport';

export interface CallOptions {
  /** The requestId; a new UUID by default. Pass the same one to re-send a question. */
  requestId?: string;
  /** How long each attempt waits for the reply (default: the client's). */
  timeoutMs?: number;
  /** Sends at most this many times, the same requestId each time (default: the client's). */
  attempts?: number;
  responseLanguage?: { clientLanguage?: string | null; cashierLanguage?: string | null };
  signal?: AbortSignal;
}

/** A reply answered after its call gave up. */
export interface LateReply {
  requestId: string;
  operation: string;
  state: 'AnsweredLate';
  /** What the call knew when it gave up. */
  gaveUp: GaveUp['state'];
  reply: Record<string, unknown>;
  /** How long after the call gave up it came. */
  lateByMs: number;
}

export interface CoreOptions {
  route: RouteSpec;
  transport: ClientTransport;
  codec: Codec;
  /** The envelope's `source` (the producing system). */
  source: string;
  /** Where the replies are read; the route's reply topic unless the deployment configured another. */
  replyTopic: string;
  timeoutMs: number;
  attempts: number;
  backoff: BackoffOptions;
  lateWindowMs: number;
  responseLanguage?: CallOptions['responseLanguage'];
  onLateReply?: (late: LateReply) => void;
  /** Every reply read, answered or not (observers: latency, counts). */
  onReply?: (m: ReplyMessage, receivedAt: number) => void;
}

export interface Answered {
  requestId: string;
  reply: Record<string, unknown>;
  /** How many sends were made. */
  attempts: number;
  /** When the first send started and when the reply came (epoch ms). */
  sentAt: number;
  receivedAt: number;
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

export class RequestReplyCore {
  private readonly correlator: Correlator;
  private readonly closing = new AbortController();

  private constructor(private readonly o: CoreOptions) {
    this.correlator = new Correlator(o.lateWindowMs);
  }

  /** Starts listening to the reply topic; resolves once a reply produced from now on cannot be missed. */
  static async open(o: CoreOptions): Promise<RequestReplyCore> {
    const core = new RequestReplyCore(o);
    await o.transport.listen(o.replyTopic, (m) => core.arrived(m));
    return core;
  }

  /**
   * Sends `payload` as `operation` and resolves with the reply. Throws
   * RequestTimeoutError (NotSent / SentUnanswered), the signal's reason when
   * cancelled, ClientClosedError on close(), ReplyUnreadableError, or a TypeError for a
   * request that does not fit the schema or has no key (nothing sent then).
   */
  async request(operation: string, payload: Record<string, unknown>, c: CallOptions = {}): Promise<Answered> {
    const op = this.o.route.operations[operation];
    if (!op) throw new TypeError(`${this.o.route.topic} has no operation ${operation}`);
    const requestId = c.requestId ?? randomUUID();
    const bad = idProblem(requestId);
    if (bad) throw new TypeError(`requestId ${bad}`);
    const keyed = payload[op.keyField];
    const key = typeof keyed === 'string' && keyed !== '' ? keyed : op.keyFromRequestId ? requestId : undefined;
    if (key === undefined) throw new TypeError(`${operation} needs ${op.keyField}: it keys the request`);
    const lang = c.responseLanguage ?? this.o.responseLanguage;
    const value = {
      requestId,
      sentAt: Date.now(),
      source: this.o.source,
      responseLanguage: lang
        ? { clientLanguage: lang.clientLanguage ?? null, cashierLanguage: lang.cashierLanguage ?? null }
        : null,
      operation: { [`${this.o.route.namespace}.${operation}`]: payload },
    };
    const bytes = await this.o.codec.encode(`${this.o.route.topic}-value`, value);
    const headers: Record<string, string> = { 'correlation-id': requestId };
    if (this.o.replyTopic !== this.o.route.replyTopic) headers['reply-topic'] = this.o.replyTopic;
    return this.exchange(operation, requestId, { topic: this.o.route.topic, key, value: bytes, headers }, c);
  }

  private async exchange(
    operation: string,
    requestId: string,
    msg: Parameters<ClientTransport['send']>[0],
    c: CallOptions,
  ): Promise<Answered> {
    if (this.closing.signal.aborted) throw new ClientClosedError('the client is closed');
    const signal = c.signal ? AbortSignal.any([c.signal, this.closing.signal]) : this.closing.signal;
    const attempts = Math.max(1, c.attempts ?? this.o.attempts);
    const timeoutMs = c.timeoutMs ?? this.o.timeoutMs;
    const waiter = this.correlator.expect(requestId);
    const sentAt = Date.now();
    let acknowledged = false;
    let sendError: unknown;
    let made = 0;
    const answered = (a: Arrival): Answered => {
      if (!a.reply.ok) throw a.reply.error;
      return { requestId, reply: a.reply.value, attempts: made, sentAt, receivedAt: a.receivedAt };
    };
    try {
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) {
          const pause = Date.now() + backoffDelay(attempt - 1, this.o.backoff);
          const early = await until(waiter.answer, pause, signal);
          if (early !== TIMEOUT) return answered(early);
        }
        const deadline = Date.now() + timeoutMs;
        made++;
        const send = this.o.transport.send(msg).then(
          () => {
            acknowledged = true;
          },
          (err: unknown) => {
            sendError = err;
            throw err;
          },
        );
        const first = await until(
          Promise.race([send.then(() => waiter.answer), waiter.answer]),
          deadline,
          signal,
        ).catch((err: unknown) => {
          if (signal.aborted) throw err;
          return 'send-failed' as const;
        });
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
        this.gaveUp(requestId, operation, acknowledged ? 'Cancelled' : 'NotSent', made > 0);
        throw this.closing.signal.aborted ? new ClientClosedError('the client was closed', { cause: err }) : err;
      }
      throw err;
    } finally {
      waiter.stop();
    }
    const state = acknowledged ? 'SentUnanswered' : 'NotSent';
    this.gaveUp(requestId, operation, state, true);
    throw new RequestTimeoutError(state, requestId, operation, made, { cause: sendError });
  }

  private gaveUp(requestId: string, operation: string, state: GaveUp['state'], sent: boolean): void {
    if (sent) this.correlator.gaveUp({ requestId, operation, state, gaveUpAt: Date.now() });
  }

  private arrived(m: ReplyMessage): void {
    const receivedAt = Date.now();
    this.o.onReply?.(m, receivedAt);
    const id = m.headers['correlation-id'];
    if (id === undefined || !this.correlator.wanted(id, receivedAt)) return;
    const decoded = m.value
      ? this.o.codec.decode(m.value, `${this.o.route.replyTopic}-value`)
      : Promise.reject(new Error('empty reply'));
    decoded.then(
      (value) => this.settle(id, { reply: { ok: true, value: value as Record<string, unknown> }, receivedAt }),
      (err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        const error = new ReplyUnreadableError(`reply to ${id} on ${m.topic}: ${why}`, { cause: err });
        this.settle(id, { reply: { ok: false, error }, receivedAt });
      },
    );
  }

  private settle(id: string, a: Arrival): void {
    const late = this.correlator.deliver(id, a);
    if (late && a.reply.ok)
      this.o.onLateReply?.({
        requestId: id,
        operation: late.operation,
        state: 'AnsweredLate',
        gaveUp: late.state,
        reply: a.reply.value,
        lateByMs: a.receivedAt - late.gaveUpAt,
      });
  }

  /** Fails every waiting call with ClientClosedError and closes the transport. */
  async close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort(new ClientClosedError('the client was closed'));
    await this.o.transport.close();
  }
}
