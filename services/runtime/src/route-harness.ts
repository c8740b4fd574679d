// A worker's routing table run by the real runtime (Worker, batch engine) on the
// in-memory backends: MemoryTransport, MemoryCodec, memory entity and processed
// stores. Unit tests of routes and of the runtime send requests and read replies
// as they would on Kafka, without Kafka or MongoDB. A separate entry
// (`@workers/runtime/route-harness`): no worker process loads it.
import { Writable } from 'node:stream';
import { baseConfigSchema, loadConfig } from './config';
import { createLogger } from './logger';
import { MemoryCodec, frame } from './memory-codec';
import { MemoryTransport } from './memory-transport';
import type { DependencyProbe } from './probe';
import { isEventRoute, type AnyRoute } from './route';
import { memoryEntityStore, type MemoryEntityStore } from './store/memory-entity-store';
import { memoryProcessedStore, type MemoryProcessedStore } from './store/memory-processed';
import { Worker } from './worker';

export interface SentRequest {
  requestId: string;
  operation: string;
  payload: unknown;
  key?: string | null;
  responseLanguage?: { clientLanguage: string | null; cashierLanguage: string | null } | null;
  headers?: Record<string, string>;
}

export interface ReadMessage<T = Record<string, unknown>> {
  key: string | null;
  value: T;
  headers: Record<string, string>;
}

export class RouteHarness {
  readonly logs: Record<string, unknown>[] = [];
  private constructor(
    readonly routes: AnyRoute[],
    readonly transport: MemoryTransport,
    readonly processed: MemoryProcessedStore,
    readonly entities: Record<string, MemoryEntityStore<unknown>>,
    readonly codec: MemoryCodec,
    private worker?: Worker,
  ) {}

  static async start(
    routes: AnyRoute[],
    o: {
      entities?: readonly string[];
      stores?: Record<string, MemoryEntityStore<unknown>>;
      now?: () => number;
      newId?: () => string;
      partitions?: number;
      maxBatch?: number;
      maxMessageBytes?: number;
      env?: Record<string, string>;
      /** The worker's dependency probes (worker.ts); none: the dependencies are taken as serving. */
      probes?: readonly DependencyProbe[];
    } = {},
  ): Promise<RouteHarness> {
    const codec = new MemoryCodec();
    const topics: string[] = [];
    for (const r of routes) {
      const ops = Object.keys(r.operations);
      codec.declare(`${r.topic}-value`, isEventRoute(r) ? { [r.unionField]: ops } : { operation: ops });
      topics.push(r.topic, r.dlqTopic, ...(r.eventTopics ?? []));
      for (const t of r.eventTopics ?? []) codec.declare(`${t}-value`);
      if (!isEventRoute(r)) {
        codec.declare(`${r.replyTopic}-value`);
        topics.push(r.replyTopic, ...(r.replyTopicsAllowed ?? []));
      }
    }
    const transport = new MemoryTransport(topics, {
      partitions: o.partitions ?? 2,
      maxBatch: o.maxBatch,
      maxMessageBytes: o.maxMessageBytes,
    });
    const processed = memoryProcessedStore();
    const entities = {
      ...Object.fromEntries((o.entities ?? []).map((n) => [n, memoryEntityStore<unknown>()])),
      ...o.stores,
    };
    const h = new RouteHarness(routes, transport, processed, entities, codec);
    const sink = new Writable({
      write: (chunk: Buffer, _e, done) => {
        for (const l of chunk.toString().split('\n').filter(Boolean))
          h.logs.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig(baseConfigSchema, {
      KAFKA_BROKERS: 'memory:9092',
      SCHEMA_REGISTRY_URL: 'http://memory',
      MONGODB_URI: 'mongodb://memory',
      METRICS_PORT: '0',
      RETRY_BASE_MS: '5',
      RETRY_MAX_MS: '20',
      ...o.env,
    });
    h.worker = new Worker({
      service: 'test',
      config,
      routes,
      transport,
      processed,
      entities,
      codec,
      logger: createLogger({ service: 'test', level: 'debug', destination: sink }),
      now: o.now,
      newId: o.newId,
      probes: o.probes,
    });
    await h.worker.start();
    return h;
  }

  /** Produces a request in the wire format; `topic` defaults to the first route's. */
  send(r: SentRequest, topic = this.routes[0]!.topic): void {
    const value = {
      requestId: r.requestId,
      sentAt: 0,
      source: 'test',
      responseLanguage: r.responseLanguage ?? null,
      operation: { [`test.${r.operation}`]: r.payload },
    };
    this.sendRaw(
      r.key === undefined ? r.requestId : r.key,
      frame(value),
      { 'correlation-id': r.requestId, ...r.headers },
      topic,
    );
  }

  sendRaw(
    key: string | null,
    value: Buffer | null,
    headers: Record<string, string> = {},
    topic = this.routes[0]!.topic,
  ): void {
    this.transport.produce(topic, { key, value, headers });
  }

  /** Waits until every routed topic is committed to its end. */
  async settle(timeoutMs = 5_000): Promise<void> {
    await this.transport.drained(
      this.routes.map((r) => r.topic),
      timeoutMs,
    );
  }

  read<T = Record<string, unknown>>(topic: string): ReadMessage<T>[] {
    return this.transport
      .read(topic)
      .map((m) => ({ key: m.key, headers: m.headers, value: MemoryCodec.read<T>(m.value!) }));
  }

  /** Every reply to `requestId` on every reply topic. */
  repliesTo<T = Record<string, unknown>>(requestId: string): ReadMessage<T>[] {
    const topics = this.routes.flatMap((r) => (isEventRoute(r) ? [] : [r.replyTopic, ...(r.replyTopicsAllowed ?? [])]));
    return topics
      .flatMap((t) => this.read<T & { requestId: string }>(t))
      .filter((m) => m.value.requestId === requestId) as ReadMessage<T>[];
  }

  /** Sends, settles and returns the one reply. */
  async ask<T = Record<string, unknown>>(r: SentRequest, topic?: string): Promise<T> {
    const before = this.repliesTo(r.requestId).length;
    this.send(r, topic);
    await this.settle();
    const all = this.repliesTo<T>(r.requestId);
    if (all.length !== before + 1) throw new Error(`${r.requestId}: ${all.length - before} replies`);
    return all[all.length - 1]!.value;
  }

  ready(): boolean {
    return this.worker?.ready() ?? false;
  }

  /** The worker's metrics, as /metrics would serve them (Prometheus text). */
  async metricsText(): Promise<string> {
    return this.worker ? this.worker.metrics.registry.metrics() : '';
  }

  async stop(): Promise<void> {
    await this.worker?.stop(2_000);
  }
}
