// One route's request/reply client: encodes a request with the repository's schema,
// produces it keyed as the contract says with its requestId in `correlation-id`, and
// waits for the reply with that header on the one reply topic it listens to. Each
// attempt waits `timeoutMs`; the next re-sends the very same bytes (same requestId:
// the workers apply it once and answer every copy alike) after a backoff. Any reply
// to the id answers the call, whichever attempt it answers. A call that gives up
// throws RequestTimeoutError saying whether anything was sent; a reply that still
// comes within the late window goes to `onLateReply`. A send-only client opens no
// reply consumer: it writes through its RequestWriter alone.
import type { BackoffOptions } from '@workers/runtime';
import { type Call, deferred } from './call';
import { type Arrival, Correlator, type GaveUp } from './correlator';
import { ClientClosedError, ContractError, ReplyUnreadableError } from './errors';
import { type ExchangeContext, exchange } from './exchange';
import { type EnvelopeItem, type Ready, RequestWriter, type WriterOptions } from './request-writer';
import type { ReplyMessage } from './transport';

export interface CallOptions {
  /** The requestId; a new UUID by default. Pass the same one to re-send a question. */
  requestId?: string;
  /** How long each attempt waits for the reply (default: the client's). */
  timeoutMs?: number;
  /** Sends at most this many times, the same requestId each time (default: the client's). */
  attempts?: number;
  responseLanguage?: { clientLanguage?: string | null; cashierLanguage?: string | null };
  signal?: AbortSignal;
  /** The message key instead of the contract's (a tool showing how a worker treats a wrong key). */
  key?: string;
  /** Further headers (tracing…); `correlation-id` and `reply-topic` stay the client's own. */
  headers?: Readonly<Record<string, string>>;
}

/** One request of a batch (requestMany). */
export interface BatchItem {
  operation: string;
  payload: Record<string, unknown>;
  options?: CallOptions;
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

export interface CoreOptions extends WriterOptions {
  /** Where the replies are read; the route's reply topic unless the deployment configured another. */
  replyTopic: string;
  /** Open no reply consumer: the client only writes (its writer's prepare/send); calls fail with ContractError. */
  sendOnly: boolean;
  timeoutMs: number;
  attempts: number;
  backoff: BackoffOptions;
  lateWindowMs: number;
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
  /** The reply message as read (topic, partition, offset, key, headers, bytes). */
  received: ReplyMessage;
}

export class RequestReplyCore {
  private readonly correlator: Correlator;
  private readonly closing = new AbortController();

  private readonly context: ExchangeContext;
  /** What the client writes; send-only callers use it directly. */
  readonly writer: RequestWriter;

  private constructor(private readonly o: CoreOptions) {
    this.correlator = new Correlator(o.lateWindowMs);
    this.context = { ...o, correlator: this.correlator, closing: this.closing.signal };
    this.writer = new RequestWriter(o, this.closing.signal);
  }

  /** Starts listening to the reply topic (unless send-only); resolves once a reply produced from now on cannot be missed. */
  static async open(o: CoreOptions): Promise<RequestReplyCore> {
    const core = new RequestReplyCore(o);
    if (!o.sendOnly) await o.transport.listen(o.replyTopic, (m) => core.arrived(m));
    return core;
  }

  /**
   * Sends `payload` as `operation` and resolves with the reply. Throws
   * RequestTimeoutError (NotSent / SentUnanswered), the signal's reason when
   * cancelled, ClientClosedError on close(), ReplyUnreadableError, or a TypeError for a
   * request that does not fit the schema or has no key (nothing sent then).
   */
  request(operation: string, payload: Record<string, unknown>, c: CallOptions = {}): Promise<Answered> {
    return this.start([{ operation, payload, options: c }])[0]!.answer;
  }

  /**
   * Starts the calls and sends their first attempts together: sends made in one tick go
   * in one produce call, so a consumer fetches the batch together. A batch that cannot
   * be encoded whole is not sent at all (every call fails with the TypeError).
   */
  start(items: readonly BatchItem[]): Call<Answered>[] {
    return this.startReady(this.writer.ready(items));
  }

  /**
   * Sends a whole envelope as the caller made it (requestId, sentAt, source,
   * responseLanguage, and `operation` as `<namespace>.<Operation>`: payload): for tools
   * that take requests as operators write them (`ops request`).
   */
  startEnvelope(envelope: EnvelopeItem['envelope'], c: CallOptions = {}): Call<Answered> {
    return this.startEnvelopes([{ envelope, options: c }])[0]!;
  }

  /** startEnvelope of several, their first sends in one produce call (as start()). */
  startEnvelopes(items: readonly EnvelopeItem[]): Call<Answered>[] {
    try {
      return this.startReady(this.writer.readyEnvelopes(items));
    } catch (err) {
      return items.map((it) => this.failed(it.envelope.requestId, err));
    }
  }

  private failed(requestId: string, err: unknown): Call<Answered> {
    const sent = Promise.reject(err);
    sent.catch(() => undefined);
    return { requestId, sent, answer: Promise.reject(err) };
  }

  private startReady(items: readonly Ready[]): Call<Answered>[] {
    if (this.o.sendOnly) {
      const err = new ContractError('a send-only client makes no calls: prepare() and send() write requests');
      return items.map((it) => this.failed(it.requestId, err));
    }
    const calls = items.map((it) => ({ it, sent: deferred<number>(), answer: deferred<Answered>() }));
    for (const c of calls) c.sent.promise.catch(() => undefined);
    const fail = (err: unknown): void => {
      for (const c of calls) {
        c.sent.reject(err);
        c.answer.reject(err);
      }
    };
    this.writer.messages(items).then((messages) => {
      // Synchronously, one after the other: every first send is queued before the transport flushes.
      for (const [i, c] of calls.entries())
        exchange(this.context, c.it.operation, c.it.requestId, messages[i]!, c.it.options ?? {}, c.sent.resolve).then(
          (a) => {
            c.sent.resolve(a.sentAt);
            c.answer.resolve(a);
          },
          (err: unknown) => {
            c.sent.reject(err);
            c.answer.reject(err);
          },
        );
    }, fail);
    return calls.map((c) => ({ requestId: c.it.requestId, sent: c.sent.promise, answer: c.answer.promise }));
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
      (value) =>
        this.settle(id, { reply: { ok: true, value: value as Record<string, unknown> }, receivedAt, message: m }),
      (err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        const error = new ReplyUnreadableError(`reply to ${id} on ${m.topic}: ${why}`, { cause: err });
        this.settle(id, { reply: { ok: false, error }, receivedAt, message: m });
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
