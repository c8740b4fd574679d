// What a route's client writes: a request made into its envelope (requestId, sentAt,
// source, responseLanguage, `<namespace>.<Operation>`: payload) or taken whole as an
// operator wrote it, then encoded and keyed as the contract says (request-message.ts).
// Calls (request-reply.ts) write through it, and so may a caller that reads the replies
// elsewhere (a load generator pacing its writes, a tool with its own reply consumer):
// `prepare` encodes a batch before anything is written, `send` writes prepared requests
// and resolves with where each landed. send() waits for no reply and never sends again;
// whether to re-send (the same requestId: safe) is the caller's to decide.
import { randomUUID } from 'node:crypto';
import type { Codec } from '@workers/runtime';
import { ClientClosedError } from './errors';
import { envelopeOperation, requestMessage } from './request-message';
import type { BatchItem, CallOptions } from './request-reply';
import type { RouteSpec } from './route-spec';
import type { ClientTransport, RequestMessage } from './transport';

/** A request a client encoded, for that client's send(). */
export interface Prepared {
  readonly requestId: string;
  /** What send() writes: topic, key, the encoded envelope and the headers. */
  readonly message: Readonly<RequestMessage>;
}

/** Where send() wrote a request (`-1` when the transport cannot tell). */
export interface Written {
  requestId: string;
  topic: string;
  partition: number;
  offset: string;
}

/** A request ready to encode: its envelope, and the operation and payload the envelope holds. */
export interface Ready {
  operation: string;
  payload: Record<string, unknown>;
  envelope: Record<string, unknown>;
  requestId: string;
  options?: CallOptions;
}

/** An operator's envelope as written, with the call's options. */
export interface EnvelopeItem {
  envelope: Record<string, unknown> & { requestId: string };
  options?: CallOptions;
}

export interface WriterOptions {
  route: RouteSpec;
  transport: ClientTransport;
  codec: Codec;
  /** The envelope's `source` (the producing system). */
  source: string;
  /** Named in the `reply-topic` header when it is not the route's own. */
  replyTopic: string;
  responseLanguage?: CallOptions['responseLanguage'];
}

export class RequestWriter {
  /** What this writer prepared: send() writes nothing else, so no bytes of a caller's making pass as a request. */
  private readonly made = new WeakSet<Prepared>();

  constructor(
    private readonly o: WriterOptions,
    /** Aborted when the client closes. */
    private readonly closing: AbortSignal,
  ) {}

  /** Each item in its envelope, under the requestId it names or a new UUID. */
  ready(items: readonly BatchItem[]): Ready[] {
    return items.map((it) => {
      const requestId = it.options?.requestId ?? randomUUID();
      return { ...it, requestId, envelope: this.envelope(requestId, it.operation, it.payload, it.options ?? {}) };
    });
  }

  /** Operator envelopes as written. Throws a TypeError for one that names no operation of the route. */
  readyEnvelopes(items: readonly EnvelopeItem[]): Ready[] {
    return items.map((it) => ({
      ...envelopeOperation(this.o.route, it.envelope),
      requestId: it.envelope.requestId,
      envelope: it.envelope,
      options: it.options,
    }));
  }

  /** The wire messages of `ready`, in order. Rejects with a TypeError when any cannot be encoded or keyed. */
  messages(ready: readonly Ready[]): Promise<RequestMessage[]> {
    return Promise.all(
      ready.map((it) => requestMessage(this.o.route, this.o.codec, this.o.replyTopic, it, it.options ?? {})),
    );
  }

  /** Encodes every item; a batch with one that cannot be encoded or keyed rejects whole (TypeError). */
  async prepare(items: readonly BatchItem[]): Promise<Prepared[]> {
    return this.encode(this.ready(items));
  }

  /** prepare() of operator envelopes as written. */
  async prepareEnvelopes(items: readonly EnvelopeItem[]): Promise<Prepared[]> {
    return this.encode(this.readyEnvelopes(items));
  }

  /**
   * Writes `prepared` in one produce call, in order (requests of one key keep it), and
   * resolves with where each landed once the broker acknowledged them all. Rejects when
   * any was not acknowledged (some may have landed all the same), with ClientClosedError
   * after close(), and with a TypeError for anything this client did not prepare.
   */
  send(prepared: readonly Prepared[]): Promise<Written[]> {
    if (this.closing.aborted) return Promise.reject(new ClientClosedError('the client is closed'));
    if (prepared.some((p) => !this.made.has(p)))
      return Promise.reject(new TypeError('send() writes only what this client prepared'));
    // Handed to the transport in one tick: its next produce call takes them together.
    return Promise.all(
      prepared.map((p) =>
        this.o.transport.send(p.message).then((at) => ({ requestId: p.requestId, topic: p.message.topic, ...at })),
      ),
    );
  }

  private async encode(ready: readonly Ready[]): Promise<Prepared[]> {
    const messages = await this.messages(ready);
    return messages.map((message, i) => {
      const p: Prepared = Object.freeze({ requestId: ready[i]!.requestId, message: Object.freeze(message) });
      this.made.add(p);
      return p;
    });
  }

  private envelope(
    requestId: string,
    operation: string,
    payload: Record<string, unknown>,
    c: CallOptions,
  ): Record<string, unknown> {
    const lang = c.responseLanguage ?? this.o.responseLanguage;
    return {
      requestId,
      sentAt: Date.now(),
      source: this.o.source,
      responseLanguage: lang
        ? { clientLanguage: lang.clientLanguage ?? null, cashierLanguage: lang.cashierLanguage ?? null }
        : null,
      operation: { [`${this.o.route.namespace}.${operation}`]: payload },
    };
  }
}
