// The shared runtime a worker's main.ts starts: validates the routing table, serves
// metrics and health, consumes through the transport it is given, runs every
// partition batch through the batch engine, and on stop finishes and commits the
// chunks in hand within a bound. It receives its transport and stores (injected),
// so the same runtime runs on Kafka and MongoDB or entirely in memory.
import type { Server } from 'node:http';
import { SchemaNotRegisteredError, type Codec } from './codec';
import type { BaseConfig } from './config';
import { CommitQueue } from './engine/commit-queue';
import { crashHook, crashingProcessed, crashingStores } from './engine/crash';
import type { EngineDeps } from './engine/deps';
import { eventChunk } from './engine/event-chunk';
import { fallbackReply } from './engine/fallback';
import { PartitionHealth } from './engine/outage';
import { runPartition, type PartitionOptions } from './engine/partition';
import { requestChunk } from './engine/request-chunk';
import type { ChunkTiming } from './engine/chunk-timing';
import type { Logger } from './logger';
import { Metrics, serveMetrics } from './metrics';
import type { ProcessedStore } from './processed';
import { isEventRoute, type AnyRoute } from './route';
import { validateRoutes } from './route-check';
import { cachedEntityStore, entityCacheBytes, type CachedEntityStore } from './store/cached';
import { coalescedEntityStore, coalescedProcessedStore } from './store/coalesced';
import type { EntityStore } from './store/entity-store';
import type { InMessage, PartitionSession, Transport } from './transport';
import { randomId } from './random-id';
import { probeAll, type DependencyProbe } from './probe';

export interface WorkerOptions {
  service: string;
  config: BaseConfig;
  routes: AnyRoute[];
  transport: Transport;
  processed: ProcessedStore;
  /** The entity stores the routes' operations name. */
  entities?: Readonly<Record<string, EntityStore<unknown>>>;
  codec: Codec;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
  newId?: () => string;
  /** Further readiness (for example an SMTP server that answers); ANDed with the runtime's own. */
  ready?: () => boolean;
  /**
   * Round trips to the dependencies processing needs (worker-main.ts wires the database's),
   * asked before a message that failed alone is dead-lettered: while one fails, the
   * partition waits instead (engine/outage.ts). None: the dependencies are taken as serving.
   */
  probes?: readonly DependencyProbe[];
  /** Consumption stopped for good: the process must exit non-zero (main-helper does). */
  onFatal?: (err: Error) => void;
}

function unionBranches(schema: unknown, field: string): string[] {
  const s = schema as { field?: (n: string) => { type?: { types?: { name?: string }[] } } | undefined };
  const types = typeof s.field === 'function' ? (s.field(field)?.type?.types ?? []) : [];
  return types.map((t) => (t.name ?? '').slice((t.name ?? '').lastIndexOf('.') + 1)).filter(Boolean);
}

export class Worker {
  readonly metrics: Metrics;
  private readonly abort = new AbortController();
  private http?: Server;
  private purgeTimer?: NodeJS.Timeout;
  private readonly degraded = new Map<string, string>();
  private consuming = false;
  private caches: CachedEntityStore<unknown>[] = [];
  /** Per partition, the commits under way (engine/commit-queue.ts). */
  private readonly queues = new Map<string, CommitQueue>();
  /** Per partition, the messages in a row that failed for good (engine/outage.ts). */
  private readonly health = new Map<string, PartitionHealth>();
  private failed = false;
  metricsPort = 0;

  private readonly probe: () => Promise<Error | null>;

  constructor(private readonly o: WorkerOptions) {
    this.metrics = o.metrics ?? new Metrics(o.service);
    this.probe = probeAll(o.probes ?? []);
    this.metrics.readiness = () => this.ready();
  }

  async start(): Promise<void> {
    const { config, logger, codec, routes, transport } = this.o;
    const now = this.o.now ?? Date.now;
    // Group commit across the partitions this process works at once (store/coalesce.ts),
    // behind a cache of the entities it handled (store/cached.ts).
    const inFlight = config.DB_CALLS_IN_FLIGHT;
    const stores = Object.entries(this.o.entities ?? {});
    const cacheBytes = entityCacheBytes(config.ENTITY_CACHE_MB, stores.length);
    const cached = stores.map(([k, s]) => {
      const lookedUp = (hits: number, misses: number): void => {
        if (hits > 0) this.metrics.cacheLookups.inc({ store: k, result: 'hit' }, hits);
        if (misses > 0) this.metrics.cacheLookups.inc({ store: k, result: 'miss' }, misses);
      };
      return [k, cachedEntityStore(coalescedEntityStore(s, inFlight), cacheBytes, lookedUp)] as const;
    });
    this.caches = cached.map(([, c]) => c);
    this.metrics.cacheSizes = () => Object.fromEntries(cached.map(([k, c]) => [k, c.bytes]));
    const entities = crashingStores(Object.fromEntries(cached), config);
    const topics = await transport.existingTopics();
    await validateRoutes(routes, {
      existingTopics: topics,
      entityStores: new Set(Object.keys(entities)),
      // Only "our schema is not registered there" is a missing subject; a registry that
      // cannot answer or refuses us stops the start with its own reason.
      subjectExists: async (s) =>
        codec.pinnedSchema(s).then(
          () => true,
          (err: unknown) => (err instanceof SchemaNotRegisteredError ? false : Promise.reject(err)),
        ),
      schemaOperations: async (s, field) => unionBranches((await codec.pinnedSchema(s)).schema, field),
    });

    const served = await serveMetrics(
      this.metrics,
      { live: () => !this.failed, ready: () => this.ready() },
      config.METRICS_PORT,
    );
    this.http = served.server;
    this.metricsPort = served.port;
    this.schedulePurge(now);

    const deps: EngineDeps = {
      codec,
      processed: crashingProcessed(coalescedProcessedStore(this.o.processed, inFlight), config),
      entities,
      logger,
      metrics: this.metrics,
      now,
      newId: this.o.newId ?? randomId,
      retentionMs: config.PROCESSED_RETENTION_DAYS * 86_400_000,
      crash: crashHook(config),
      probe: this.probe,
    };
    const byTopic = new Map(routes.map((r) => [r.topic, r]));
    await transport.start(
      [...byTopic.keys()],
      (messages, session) => this.onBatch(byTopic, messages, session, deps),
      (err) => {
        this.failed = true;
        logger.error('worker.failed', { error: err.message });
        this.o.onFatal?.(err);
      },
    );
    this.consuming = true;
    logger.info('worker.started', { topics: [...byTopic.keys()], metricsPort: this.metricsPort });
  }

  private async onBatch(
    byTopic: Map<string, AnyRoute>,
    messages: InMessage[],
    session: PartitionSession,
    deps: EngineDeps,
  ): Promise<void> {
    const route = messages[0] ? byTopic.get(messages[0].topic) : undefined;
    if (!route) return;
    // A partition taken over may have been written by its previous owner: forget what we knew.
    if (session.acquired) for (const c of this.caches) c.clear();
    const key = `${route.topic}:${messages[0]!.partition}`;
    if (session.acquired || !this.queues.has(key)) this.queues.set(key, new CommitQueue());
    if (session.acquired || !this.health.has(key)) this.health.set(key, new PartitionHealth());
    const queue = this.queues.get(key)!;
    const { config } = this.o;
    const opts: PartitionOptions = {
      maxChunk: config.MAX_CHUNK_MESSAGES,
      dlqTopic: route.dlqTopic,
      now: deps.now,
      retry: { baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_MAX_MS },
      signal: this.abort.signal,
      logger: this.o.logger,
      metrics: this.metrics,
      setDegraded: (what, reason) => (reason === null ? this.degraded.delete(what) : this.degraded.set(what, reason)),
      fallback: async (msg) => (isEventRoute(route) ? null : fallbackReply(route, msg, deps.codec, deps.now())),
      health: this.health.get(key)!,
      outage: {
        failuresInRow: config.OUTAGE_FAILURES_IN_ROW,
        alertAfterMs: config.OUTAGE_ALERT_AFTER_MS,
        probe: this.probe,
      },
    };
    const fn = isEventRoute(route)
      ? (c: readonly InMessage[]) => eventChunk(route, c, deps)
      : (c: readonly InMessage[], t?: ChunkTiming) => requestChunk(route, c, deps, t);
    this.metrics.inFlight.inc({ topic: route.topic }, messages.length);
    try {
      await runPartition(messages, fn, session, queue, opts);
    } finally {
      this.metrics.inFlight.dec({ topic: route.topic }, messages.length);
    }
  }

  /** Expired processed requests go every PROCESSED_PURGE_INTERVAL_MS (FerretDB v1 has no TTL indexes). */
  private schedulePurge(now: () => number): void {
    const purge = (): void => {
      this.o.processed
        .purgeExpired(new Date(now()))
        .then((n) => n > 0 && this.o.logger.info('processed.purged', { count: n }))
        .catch(() => undefined);
    };
    this.purgeTimer = setInterval(purge, this.o.config.PROCESSED_PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  ready(): boolean {
    return this.consuming && this.degraded.size === 0 && !this.failed && (this.o.ready?.() ?? true);
  }

  /** Stops fetching and lets the chunks in hand finish and commit; past `timeoutMs`, abandons them uncommitted. */
  async stop(timeoutMs = this.o.config.SHUTDOWN_TIMEOUT_MS): Promise<void> {
    this.o.logger.info('worker.stopping');
    this.consuming = false;
    const timer = setTimeout(() => this.abort.abort(new Error('shutdown timeout')), timeoutMs);
    // The transport's own wait (a group rebalancing, say) must not outlast the bound either.
    let bound: NodeJS.Timeout | undefined;
    const overrun = new Promise<void>((resolve) => (bound = setTimeout(resolve, timeoutMs + 2_000)));
    try {
      const drain = async (): Promise<void> => {
        await Promise.all([...this.queues.values()].map((q) => q.drained()));
      };
      await Promise.race([this.o.transport.stop(drain), overrun]);
    } finally {
      clearTimeout(timer);
      clearTimeout(bound);
      if (this.purgeTimer) clearInterval(this.purgeTimer);
      await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
      this.o.logger.info('worker.stopped');
    }
  }
}
