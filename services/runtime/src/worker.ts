// The shared runtime a worker's main.ts starts: validates the routing table, serves
// metrics and health, consumes, and on stop drains what is in flight within a bound.
import type { Db } from 'mongodb';
import type { Server } from 'node:http';
import { runBatch } from './batch';
import type { Codec } from './codec';
import type { BaseConfig } from './config';
import type { Logger } from './logger';
import { Metrics, serveMetrics } from './metrics';
import { mongoProcessedStore } from './mongo-processed';
import { processEvent } from './event-pipeline';
import { processMessage, type PipelineDeps } from './pipeline';
import { isEventRoute, type AnyRoute } from './route';
import { validateRoutes } from './route-check';
import { KafkaTransport, type InMessage } from './transport';

export interface WorkerOptions {
  service: string;
  config: BaseConfig;
  routes: AnyRoute[];
  db: Db;
  codec: Codec;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
  /** Further readiness (for example an SMTP server that answers); ANDed with the runtime's own. */
  ready?: () => boolean;
}

const PURGE_EVERY_MS = 60 * 60_000;

function unionBranches(schema: unknown, field: string): string[] {
  const s = schema as { field?: (n: string) => { type?: { types?: { name?: string }[] } } | undefined };
  const types = typeof s.field === 'function' ? s.field(field)?.type?.types ?? [] : [];
  return types.map((t) => (t.name ?? '').slice((t.name ?? '').lastIndexOf('.') + 1)).filter(Boolean);
}

export class Worker {
  readonly metrics: Metrics;
  private readonly abort = new AbortController();
  private transport?: KafkaTransport;
  private http?: Server;
  private purgeTimer?: NodeJS.Timeout;
  private readonly degraded = new Map<string, string>();
  private consuming = false;
  private crashed = false;
  metricsPort = 0;

  constructor(private readonly o: WorkerOptions) {
    this.metrics = o.metrics ?? new Metrics(o.service);
    this.metrics.readiness = () => this.ready();
  }

  async start(): Promise<void> {
    const { config, logger, codec, routes } = this.o;
    const now = this.o.now ?? Date.now;
    const clientId = config.KAFKA_CLIENT_ID ?? this.o.service;
    const groupId = config.CONSUMER_GROUP ?? this.o.service;
    this.transport = new KafkaTransport(config, clientId, groupId, logger);

    const topics = await this.transport.existingTopics();
    await validateRoutes(routes, {
      existingTopics: topics,
      subjectExists: async (s) => codec.latestSchema(s).then(() => true, () => false),
      schemaOperations: async (s, field) => unionBranches((await codec.latestSchema(s)).schema, field),
    });

    const served = await serveMetrics(this.metrics, { live: () => !this.crashed, ready: () => this.ready() }, config.METRICS_PORT);
    this.http = served.server;
    this.metricsPort = served.port;

    const processed = await mongoProcessedStore(this.o.db);
    const purge = (): void => {
      processed.purgeExpired(new Date(now()))
        .then((n) => n > 0 && logger.info('processed.purged', { count: n }))
        .catch(() => undefined);
    };
    this.purgeTimer = setInterval(purge, PURGE_EVERY_MS);
    this.purgeTimer.unref();

    const known = new Set(topics);
    const deps: PipelineDeps = {
      codec, processed, logger, metrics: this.metrics, now,
      retentionMs: config.PROCESSED_RETENTION_DAYS * 86_400_000,
      topicExists: async (t) => known.has(t) || (await this.transport!.existingTopics()).has(t),
      afterEffect: config.TEST_CRASH_POINT === 'after-effect' && process.env.NODE_ENV !== 'production'
        ? (id) => { if (id.startsWith('crash-')) process.kill(process.pid, 'SIGKILL'); }
        : undefined,
    };
    const byTopic = new Map(routes.map((r) => [r.topic, r]));
    await this.transport.start([...byTopic.keys()], { partitionsConcurrently: config.PARTITIONS_CONCURRENTLY }, async (messages, ctl) => {
      const first = messages[0];
      const route = first ? byTopic.get(first.topic) : undefined;
      if (!route) return;
      this.metrics.inFlight.inc({ topic: route.topic }, messages.length);
      try {
        const process = isEventRoute(route) ? (m: InMessage) => processEvent(route, m, deps) : (m: InMessage) => processMessage(route, m, deps);
        await runBatch(messages, ctl, process, {
          keyConcurrency: config.KEY_CONCURRENCY, chunkSize: 100, signal: this.abort.signal,
          retry: { baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_MAX_MS },
          logger, metrics: this.metrics,
          setDegraded: (what, reason) => {
            if (reason === null) this.degraded.delete(what);
            else this.degraded.set(what, reason);
          },
        });
      } finally {
        this.metrics.inFlight.dec({ topic: route.topic }, messages.length);
      }
    }, (err) => {
      this.crashed = true;
      logger.error('worker.failed', { error: err.message });
    });
    this.consuming = true;
    logger.info('worker.started', { groupId, topics: [...byTopic.keys()], metricsPort: this.metricsPort });
  }

  ready(): boolean {
    return this.consuming && this.degraded.size === 0 && !this.crashed && (this.o.ready?.() ?? true);
  }

  /** Stops fetching and lets the batch in flight finish and commit; past `timeoutMs`, abandons it uncommitted. */
  async stop(timeoutMs = this.o.config.SHUTDOWN_TIMEOUT_MS): Promise<void> {
    this.o.logger.info('worker.stopping');
    this.consuming = false;
    const timer = setTimeout(() => this.abort.abort(new Error('shutdown timeout')), timeoutMs);
    try {
      await this.transport?.stop();
    } finally {
      clearTimeout(timer);
      if (this.purgeTimer) clearInterval(this.purgeTimer);
      await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
      this.o.logger.info('worker.stopped');
    }
  }
}
