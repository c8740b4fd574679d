// How the bench, the chaos and scale-out runs and the fuzz's valid requests write their
// requests: through @workers/client, as every request of ours is written. One send-only
// client per route (and reply topic) a run writes to, on the declared topics under the
// run's prefix, all on one idempotent producer: a slice that spans topics is one produce
// call, and a key's requests keep their order. Requests are prepared (encoded) before any
// clock starts; the replies are read by the run's own consumer, not by these clients.
import {
  type ClientTransport,
  type ConnectOptions,
  connectRoute,
  KafkaClientTransport,
  type Prepared,
  ROUTES,
  type RouteClient,
  type ServiceName,
  type Written,
} from '@workers/client';
import { groupBy, kafkaClient } from '@workers/runtime';

/** A request of a run: its envelope in the shape the client encodes (decimals as bigint minor units). */
export interface RunRequest {
  topic: string;
  key: string;
  requestId: string;
  value: Record<string, unknown>;
  /** A further reply topic the route allows (sent as the `reply-topic` header). */
  replyTopic?: string;
  /** Further headers; the client's own (`correlation-id`, `reply-topic`) cannot be given. */
  headers?: Record<string, string>;
}

/** Send times per requestId (a re-sent request has several). */
export type SendLog = Map<string, number[]>;

/** Notes that the requests `ids` were handed to the producer at `at`. */
export function logSent(log: SendLog, ids: Iterable<string>, at = Date.now()): void {
  for (const id of ids) {
    const times = log.get(id);
    if (times) times.push(at);
    else log.set(id, [at]);
  }
}

/** How long a slice is sent again after a failed send. */
export interface Patience {
  /** Epoch ms after which a failed send is thrown. */
  deadline: number;
  /** A send that failed and will be made again. */
  onSendError?(err: unknown, attempt: number): void;
}

type Client = RouteClient<ServiceName>;

export class RequestSender {
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly owner = new WeakMap<Prepared, Client>();

  private constructor(
    private readonly env: Record<string, string>,
    private readonly prefix: string,
    private readonly transport: ClientTransport,
    private readonly codec?: ConnectOptions['codec'],
  ) {}

  /**
   * A sender to the declared request topics under `prefix`, on the stack `env` names
   * (tests: another transport and codec). Connects nothing yet.
   */
  static open(
    env: Record<string, string>,
    prefix: string,
    clientId: string,
    test: Pick<ConnectOptions, 'transport' | 'codec'> = {},
  ): RequestSender {
    const transport =
      test.transport ??
      new KafkaClientTransport(
        kafkaClient({ KAFKA_BROKERS: env.KAFKA_BROKERS!, KAFKA_SSL: false }, clientId),
        clientId,
      );
    return new RequestSender(env, prefix, transport, test.codec);
  }

  /** Encodes `reqs` (in order) with their route's client; throws for a topic that is no route's under the prefix. */
  async prepare(reqs: readonly RunRequest[]): Promise<Prepared[]> {
    const byClient = groupBy(reqs.keys(), (i) => this.clientKey(reqs[i]!));
    const out: Prepared[] = [];
    for (const [k, idx] of byClient) {
      const first = reqs[idx[0]!]!;
      const client = await this.client(k, first);
      const prepared = await client.prepareEnvelopes(
        idx.map((i) => {
          const r = reqs[i]!;
          return {
            envelope: { ...r.value, requestId: r.requestId },
            options: { key: r.key, ...(r.headers ? { headers: r.headers } : {}) },
          };
        }),
      );
      for (const [j, i] of idx.entries()) {
        out[i] = prepared[j]!;
        this.owner.set(prepared[j]!, client);
      }
    }
    return out;
  }

  /**
   * Writes `slice` in its order; resolves with where each landed, in order. Requests of one
   * client go in one produce call; a slice that moves from one client to another (a request
   * naming another reply topic) is written run by run, each after the one before: written
   * together, the clients' shares would land client by client, and a key's second request
   * (an activation) could overtake its first (the registration that named another reply topic).
   */
  async send(slice: readonly Prepared[]): Promise<Written[]> {
    const out: Written[] = [];
    for (let start = 0; start < slice.length; ) {
      const client = this.clientOf(slice[start]!);
      let end = start + 1;
      while (end < slice.length && this.clientOf(slice[end]!) === client) end++;
      out.push(...(await client.send(slice.slice(start, end))));
      start = end;
    }
    return out;
  }

  private clientOf(p: Prepared): Client {
    const c = this.owner.get(p);
    if (!c) throw new TypeError(`request ${p.requestId} was not prepared by this sender`);
    return c;
  }

  /**
   * send(), noted in `log`, made again after a failure (backoff 0.5, 1, 2, 4, then every
   * 5 s) until `p.deadline`, when the last error is thrown. A broker restart can outlast
   * the producer's own retries; an upstream system sends again then, and so does a run
   * (the workers answer a re-sent request with the same reply).
   */
  async sendPatiently(slice: readonly Prepared[], log: SendLog, p: Patience): Promise<void> {
    const ids = slice.map((x) => x.requestId);
    for (let attempt = 1; ; attempt++) {
      logSent(log, ids);
      try {
        await this.send(slice);
        return;
      } catch (err) {
        if (Date.now() > p.deadline) throw err;
        p.onSendError?.(err, attempt);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }

  /** Closes the clients and, with the first, their shared producer. */
  async close(): Promise<void> {
    for (const c of this.clients.values()) await (await c.catch(() => undefined))?.close();
    await this.transport.close();
  }

  /** The route of `r.topic` and the reply topic it names, as the key of their client. */
  private clientKey(r: RunRequest): string {
    const service = (Object.keys(ROUTES) as ServiceName[]).find((s) => `${this.prefix}${ROUTES[s].topic}` === r.topic);
    if (!service) throw new Error(`${r.topic} is no request topic under ${this.prefix}`);
    return `${service}\u0000${r.replyTopic ?? ''}`;
  }

  private client(key: string, r: RunRequest): Promise<Client> {
    const service = key.split('\u0000')[0] as ServiceName;
    const route = ROUTES[service];
    const c =
      this.clients.get(key) ??
      connectRoute(service, {
        brokers: this.env.KAFKA_BROKERS!,
        registryUrl: this.env.SCHEMA_REGISTRY_URL!,
        topics: { requests: `${this.prefix}${route.topic}`, replies: `${this.prefix}${route.replyTopic}` },
        ...(r.replyTopic ? { replyTopic: r.replyTopic, allowedReplyTopics: [r.replyTopic] } : {}),
        sendOnly: true,
        transport: this.transport,
        ...(this.codec ? { codec: this.codec } : {}),
      });
    this.clients.set(key, c);
    return c;
  }
}
