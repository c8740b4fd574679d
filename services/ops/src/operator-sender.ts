// Operator requests (the JSON form of docs/requests/) sent through @workers/client to
// the declared request topics under a prefix, a client per route opened on first use:
// for tools that walk several requests (the demo, the console's tests).
import { type AnswerBase, type Call, connectRoute, ROUTES, type RouteClient, type ServiceName } from '@workers/client';
import type { OpsConfig } from './config';
import { clientOptions, operatorRequest } from './operator-request';
import { valueCodec } from './registry/codec';

export class OperatorSender {
  private readonly codec;
  private readonly clients = new Map<ServiceName, Promise<RouteClient<ServiceName>>>();

  /** `prefix` goes before each declared topic name (`demo-1a2b3c.`); each call waits `timeoutMs`, sent once. */
  constructor(
    private readonly config: OpsConfig,
    private readonly prefix: string,
    private readonly clientId: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.codec = valueCodec(config);
  }

  /** Sends `json` to the declared request topic `declared` (under the prefix). */
  async start(declared: string, json: unknown): Promise<Call<AnswerBase<ServiceName> & { code: string }>> {
    const { service, envelope } = await operatorRequest(this.codec, `${this.prefix}${declared}`, json);
    return (await this.client(service)).startEnvelope(envelope);
  }

  private client(service: ServiceName): Promise<RouteClient<ServiceName>> {
    const route = ROUTES[service];
    const c =
      this.clients.get(service) ??
      connectRoute(service, {
        ...clientOptions(this.config, this.clientId),
        topics: { requests: `${this.prefix}${route.topic}`, replies: `${this.prefix}${route.replyTopic}` },
        attempts: 1,
        timeoutMs: this.timeoutMs,
      });
    this.clients.set(service, c);
    return c;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(async (c) => (await c).close()));
  }
}
