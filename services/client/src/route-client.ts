// What the three route clients share: a typed call of any operation of the route, the
// answer as a union discriminated by its code, and close().
import type { CallOptions, RequestReplyCore } from './request-reply';
import type { Answer, OperationOf, PayloadOf, ServiceName } from './route-spec';

export class RouteClient<S extends ServiceName> {
  protected constructor(protected readonly core: RequestReplyCore) {}

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
    const a = await this.core.request(operation, payload as Record<string, unknown>, o);
    const r = a.reply as { messageCode: string; status: number; message: string };
    return { ...a, code: r.messageCode, status: r.status, message: r.message } as unknown as Answer<S, O>;
  }

  /** Stops listening; calls still waiting fail with ClientClosedError. */
  close(): Promise<void> {
    return this.core.close();
  }
}
