// The client's transport in memory, for tests of the client and of code that uses it:
// what was sent is kept in order, replies are handed in by the test (or by `answer`,
// a function that plays the worker), and sends can be made to fail.
import type { ClientTransport, Position, ReplyMessage, RequestMessage } from './transport';

export class MemoryClientTransport implements ClientTransport {
  readonly sent: RequestMessage[] = [];
  private listener?: { topic: string; onReply(m: ReplyMessage): void };
  private offset = 0;
  /** The next this-many sends reject (the broker did not acknowledge them). */
  failSends = 0;
  /** The next this-many sends never settle (cut off by the caller's deadline). */
  hangSends = 0;
  closed = false;

  /** `answer`, when given, is called with each acknowledged request (it may call `reply`). */
  constructor(private readonly answer?: (m: RequestMessage, t: MemoryClientTransport) => void) {}

  async listen(topic: string, onReply: (m: ReplyMessage) => void): Promise<void> {
    this.listener = { topic, onReply };
  }

  /** Every request lands on partition 0, its offset its place in `sent`. */
  send(m: RequestMessage): Promise<Position> {
    if (this.closed) return Promise.reject(new Error('transport closed'));
    if (this.hangSends > 0) {
      this.hangSends--;
      return new Promise(() => undefined);
    }
    if (this.failSends > 0) {
      this.failSends--;
      return Promise.reject(new Error('not acknowledged'));
    }
    this.sent.push(m);
    queueMicrotask(() => this.answer?.(m, this));
    return Promise.resolve({ partition: 0, offset: String(this.sent.length - 1) });
  }

  /** Delivers a reply on the topic the client listens to. */
  reply(key: string | null, value: Buffer, headers: Record<string, string>): void {
    if (!this.listener) throw new Error('nobody listens');
    const { topic, onReply } = this.listener;
    onReply({ topic, partition: 0, offset: String(this.offset++), key, value, headers });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
