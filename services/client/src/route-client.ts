// What the three route clients share: a typed call of any operation of the route, the
// answer as a union discriminated by its code, calls started without awaiting their
// answer (one or a batch sent in one produce call), requests written without any call
// (prepare, then send: the replies are read elsewhere), and close().
import type { Call } from './call';
import { type ConnectOptions, connectCore } from './connect';
import type { Answered, CallOptions, RequestReplyCore } from './request-reply';
import type { EnvelopeItem, Prepared, Written } from './request-writer';
import type { Answer, AnswerBase, OperationOf, PayloadOf, ServiceName } from './route-spec';

/** One request of a batch: any operation of the route, typed. */
export type BatchRequest<S extends ServiceName> = {
  [O in OperationOf<S>]: { operation: O; payload: PayloadOf<S, O>; options?: CallOptions };
}[OperationOf<S>];

/** Connects a client of the route `service` names: for tools that pick the route at run time. */
export async function connectRoute<S extends ServiceName>(service: S, o: ConnectOptions): Promise<RouteClient<S>> {
  return new RouteClient<S>(await connectCore(service, o));
}

export class RouteClient<S extends ServiceName> {
  /** Made by each route's `connect`, or by connectRoute. */
  constructor(protected readonly core: RequestReplyCore) {}

  /**
   * Sends `payload` as `operation` and resolves with its one reply. Throws
   * RequestTimeoutError (NotSent / SentUnanswered) when no reply came in the attempts
   * allowed, the signal's reason when cancelled, ClientClosedError after close().
   */
  async request<O extends OperationOf<S>>(
    operation: O,
    payload: PayloadOf<S, O>,
    o?: CallOptions,
  ): Promise<Answer<S, O>> {
    return this.start(operation, payload, o).answer;
  }

  /** request() without awaiting: its requestId, when it was first written, and its answer. */
  start<O extends OperationOf<S>>(operation: O, payload: PayloadOf<S, O>, o?: CallOptions): Call<Answer<S, O>> {
    return this.typed<Answer<S, O>>(
      this.core.start([{ operation, payload: payload as Record<string, unknown>, options: o }])[0]!,
    );
  }

  /**
   * Starts every request of `batch` and writes their first sends in one produce call
   * (in order: requests of one key keep it), so a worker fetches them together. A batch
   * with a request that cannot be encoded sends nothing.
   */
  requestMany(batch: readonly BatchRequest<S>[]): Call<Answer<S, OperationOf<S>>>[] {
    return this.core
      .start(batch.map((b) => ({ ...b, payload: b.payload as Record<string, unknown> })))
      .map((c) => this.typed(c));
  }

  /**
   * Sends a whole request envelope as written (requestId, sentAt, source,
   * responseLanguage, operation as `<namespace>.<Operation>`), not type-checked: for tools
   * that take requests as operators write them.
   */
  startEnvelope(
    envelope: Record<string, unknown> & { requestId: string },
    o?: CallOptions,
  ): Call<AnswerBase<S> & { code: string }> {
    return this.typed(this.core.startEnvelope(envelope, o));
  }

  /** startEnvelope of several, their first sends in one produce call (as requestMany). */
  startEnvelopes(items: readonly EnvelopeItem[]): Call<AnswerBase<S> & { code: string }>[] {
    return this.core.startEnvelopes(items).map((c) => this.typed(c));
  }

  /**
   * Encodes the requests of `batch` for send(), writing nothing: a request that cannot be
   * encoded or keyed rejects the whole batch (TypeError). For a sender that must not spend
   * its paced time encoding, or must know a batch is whole before writing any of it.
   */
  prepare(batch: readonly BatchRequest<S>[]): Promise<Prepared[]> {
    return this.core.writer.prepare(batch.map((b) => ({ ...b, payload: b.payload as Record<string, unknown> })));
  }

  /** prepare() of whole envelopes as written (as startEnvelopes), not type-checked. */
  prepareEnvelopes(items: readonly EnvelopeItem[]): Promise<Prepared[]> {
    return this.core.writer.prepareEnvelopes(items);
  }

  /**
   * Writes requests this client prepared, in one produce call and in order, and resolves
   * with each one's partition and offset once all are acknowledged. No reply is awaited
   * and nothing is sent again: a rejection (not acknowledged; some may have landed) leaves
   * the re-send to the caller, safe with the same prepared requests.
   */
  send(prepared: readonly Prepared[]): Promise<Written[]> {
    return this.core.writer.send(prepared);
  }

  /** Stops listening; calls still waiting fail with ClientClosedError. */
  close(): Promise<void> {
    return this.core.close();
  }

  private typed<A = Answer<S, OperationOf<S>>>(c: Call<Answered>): Call<A> {
    const answer = c.answer.then((a) => {
      const r = a.reply as { messageCode: string; status: number; message: string };
      return { ...a, code: r.messageCode, status: r.status, message: r.message } as unknown as A;
    });
    return { requestId: c.requestId, sent: c.sent, answer };
  }
}
