// Connect options of every route's client, and the checks the contract makes of them:
// a reply topic other than the route's own is allowed only where the route lets a
// deployment configure further reply topics (the card route) and only when it is one of
// those (`allowedReplyTopics`, what the worker's configuration lists). The codec pins
// the repository's schemas, as the workers do: requests are written with the id the
// registry holds for our request schema under `<topic>-value`, replies read into our
// reply schema.
import { type BackoffOptions, type Codec, kafkaClient, registryCodec } from '@workers/runtime';
import { ContractError } from './errors';
import SCHEMAS from './generated/schemas.json';
import { KafkaClientTransport } from './kafka-transport';
import { type CallOptions, type LateReply, RequestReplyCore } from './request-reply';
import { routeSpec, type ServiceName } from './route-spec';
import type { ClientTransport, ReplyMessage } from './transport';

export interface ConnectOptions {
  /** Bootstrap brokers, `host:port` (a list, or comma-separated). */
  brokers: string | readonly string[];
  registryUrl: string;
  registryAuth?: { username: string; password: string };
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  clientId?: string;
  /** The envelope's `source` (default: ALCS for cards, CRM otherwise). */
  source?: string;
  /** The route's topic names in this deployment (default: the declared ones). */
  topics?: { requests?: string; replies?: string };
  /** Read replies here instead of the route's reply topic; sent as the `reply-topic` header. */
  replyTopic?: string;
  /** The further reply topics the deployment configured for the route (e.g. CARD_EXTRA_REPLY_TOPICS). */
  allowedReplyTopics?: readonly string[];
  responseLanguage?: CallOptions['responseLanguage'];
  /** Each attempt's wait for the reply (default 10 s). */
  timeoutMs?: number;
  /** Sends per call, the same requestId each time (default 3). */
  attempts?: number;
  /** Wait between attempts: full jitter under min(capMs, baseMs·2^n) (default 200 ms, 5 s). */
  backoff?: BackoffOptions;
  /** How long after a call gave up its reply is still reported to onLateReply (default 10 min). */
  lateWindowMs?: number;
  onLateReply?: (late: LateReply) => void;
  onReply?: (m: ReplyMessage, receivedAt: number) => void;
  /**
   * Write only (prepare/send), for a sender whose replies are read elsewhere: no reply
   * consumer is opened, and calls (request, start…) fail with ContractError.
   */
  sendOnly?: boolean;
  /**
   * Another transport: MemoryClientTransport in tests, or one KafkaClientTransport given
   * to several send-only clients, so that what they send in one tick goes in one produce
   * call (the first close() closes it).
   */
  transport?: ClientTransport;
  /** Tests: another codec. */
  codec?: Codec;
}

const SOURCE: Readonly<Record<ServiceName, string>> = { cards: 'ALCS', contacts: 'CRM', accounts: 'CRM' };

export async function connectCore(service: ServiceName, o: ConnectOptions): Promise<RequestReplyCore> {
  const route = routeSpec(service, o.topics);
  const replyTopic = o.replyTopic ?? route.replyTopic;
  if (replyTopic !== route.replyTopic) {
    if (!route.extraReplyTopics)
      throw new ContractError(`${route.topic} answers only on ${route.replyTopic}: no other reply topic may be named`);
    if (!o.allowedReplyTopics?.includes(replyTopic))
      throw new ContractError(
        `${replyTopic} is not a reply topic configured for ${route.topic} (allowedReplyTopics: ${o.allowedReplyTopics?.join(', ') || 'none'})`,
      );
  }
  const codec =
    o.codec ??
    registryCodec({
      url: o.registryUrl,
      username: o.registryAuth?.username,
      password: o.registryAuth?.password,
      schemas: {
        [`${route.topic}-value`]: JSON.stringify(SCHEMAS[route.requestSchema as keyof typeof SCHEMAS]),
        [`${route.replyTopic}-value`]: JSON.stringify(SCHEMAS[route.replySchema as keyof typeof SCHEMAS]),
      },
    });
  const clientId = o.clientId ?? `${service}-client`;
  const transport =
    o.transport ??
    new KafkaClientTransport(
      kafkaClient(
        {
          KAFKA_BROKERS: typeof o.brokers === 'string' ? o.brokers : o.brokers.join(','),
          KAFKA_SSL: o.ssl ?? false,
          KAFKA_SASL_MECHANISM: o.sasl?.mechanism,
          KAFKA_SASL_USERNAME: o.sasl?.username,
          KAFKA_SASL_PASSWORD: o.sasl?.password,
        },
        clientId,
      ),
      `${clientId}-replies`,
    );
  // The pinned request schema must be registered before anything is sent: fail at connect, not at the first call.
  await codec.pinnedSchema(`${route.topic}-value`);
  return RequestReplyCore.open({
    route,
    transport,
    codec,
    source: o.source ?? SOURCE[service],
    replyTopic,
    sendOnly: o.sendOnly ?? false,
    timeoutMs: o.timeoutMs ?? 10_000,
    attempts: o.attempts ?? 3,
    backoff: o.backoff ?? { baseMs: 200, capMs: 5_000 },
    lateWindowMs: o.lateWindowMs ?? 600_000,
    responseLanguage: o.responseLanguage,
    onLateReply: o.onLateReply,
    onReply: o.onReply,
  });
}
