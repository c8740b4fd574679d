// Prometheus metrics (prom-client) under the fixed names of names.ts, and the
// HTTP endpoint that serves them with /healthz (process alive) and /readyz
// (consuming, and no transient failure pending).
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricName } from './names';

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'topic' | 'operation' | 'code'>;
  readonly duration: Histogram<'topic' | 'operation'>;
  readonly replays: Counter<'topic'>;
  readonly deadLetters: Counter<'topic' | 'reason'>;
  readonly internalErrors: Counter<'topic' | 'operation'>;
  readonly retries: Counter<'topic' | 'cause'>;
  readonly ready: Gauge;
  readonly inFlight: Gauge<'topic'>;
  readonly commitDuration: Histogram<'topic'>;
  readonly batchSize: Histogram<'topic'>;
  /**
   * Time of each step of a chunk (names.ts's CHUNK_STEPS): fetch and wait per message (from its
   * producer's timestamp to its batch handed over, and to its chunk's start), then decode, read
   * (processed records and entities), apply, record, encode, produce (the replies and events sent
   * in the transaction) and commit (the transaction's offsets and EndTxn).
   */
  readonly step: Histogram<'topic' | 'step'>;
  /** Entities looked up in the process's entity cache, found in it (hit) or read from the database (miss). */
  readonly cacheLookups: Counter<'store' | 'result'>;
  readonly cacheBytes: Gauge<'store'>;
  /** Partitions holding a message while a dependency is down (engine/outage.ts): 1 per waiting partition. */
  readonly partitionWaiting: Gauge<'topic'>;
  /** Waits begun, by why: the dependency probe failed (`probe`) or many messages in a row failed (`in_row`). */
  readonly partitionWaits: Counter<'topic' | 'reason'>;
  /** Read when worker_ready is scraped; the Worker sets it. */
  readiness: () => boolean = () => false;
  /** Read when worker_entity_cache_bytes is scraped: each entity store's estimated bytes in memory. */
  cacheSizes: () => Record<string, number> = () => ({});

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'worker_process_' });
    const registers = [this.registry];
    const counter = <L extends string>(name: MetricName, help: string, labelNames: L[]) =>
      new Counter({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: MetricName, help: string, labelNames: L[], buckets: number[]) =>
      new Histogram({ name, help, labelNames, registers, buckets });
    this.requests = counter('worker_requests_total', 'Requests answered, by reply code', [
      'topic',
      'operation',
      'code',
    ]);
    this.duration = histogram(
      'worker_request_duration_seconds',
      'Time from decode to reply ready',
      ['topic', 'operation'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    );
    this.replays = counter('worker_replays_total', 'Re-sent requests answered from the processed-requests record', [
      'topic',
    ]);
    this.deadLetters = counter('worker_dead_letters_total', 'Messages moved to a .dlq topic', ['topic', 'reason']);
    this.internalErrors = counter(
      'worker_internal_errors_total',
      'Unexpected handler exceptions answered with InternalError',
      ['topic', 'operation'],
    );
    this.retries = counter('worker_retries_total', 'Transient failures retried', ['topic', 'cause']);
    const readiness = (): boolean => this.readiness();
    this.ready = new Gauge({
      name: 'worker_ready' satisfies MetricName,
      help: '1 when consuming with no pending transient failure',
      registers,
      collect() {
        this.set(readiness() ? 1 : 0);
      },
    });
    this.commitDuration = histogram(
      'worker_commit_duration_seconds',
      'One Kafka transaction: the replies (and events) of a chunk and its offset',
      ['topic'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    this.batchSize = histogram(
      'worker_batch_size',
      'Requests committed in one transaction',
      ['topic'],
      [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    );
    this.step = histogram(
      'worker_chunk_step_seconds',
      'Time of each step of a chunk (fetch, wait: per message, from its producer to its batch fetched, and to its chunk; decode, read, apply, record, encode; produce: the replies and events sent in the transaction; commit: its offsets and end)',
      ['topic', 'step'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    );
    this.cacheLookups = counter(
      'worker_entity_cache_lookups_total',
      'Entities looked up in memory before the database: hit (found) or miss (read from the database)',
      ['store', 'result'],
    );
    const cacheSizes = (): Record<string, number> => this.cacheSizes();
    this.cacheBytes = new Gauge({
      name: 'worker_entity_cache_bytes' satisfies MetricName,
      help: 'Estimated bytes of entities kept in memory, per entity store (bounded by its share of ENTITY_CACHE_MB)',
      labelNames: ['store'],
      registers,
      collect() {
        for (const [store, bytes] of Object.entries(cacheSizes())) this.set({ store }, bytes);
      },
    });
    this.partitionWaiting = new Gauge({
      name: 'worker_partition_waiting' satisfies MetricName,
      help: 'Partitions waiting for a dependency instead of dead-lettering (readiness is false meanwhile)',
      labelNames: ['topic'],
      registers,
    });
    this.partitionWaits = counter(
      'worker_partition_waits_total',
      'Partition waits begun: the dependency probe failed (probe) or many messages in a row failed for good (in_row)',
      ['topic', 'reason'],
    );
    this.inFlight = new Gauge({
      name: 'worker_in_flight' satisfies MetricName,
      help: 'Requests being processed',
      labelNames: ['topic'],
      registers,
    });
  }
}

export interface Health {
  live(): boolean;
  ready(): boolean;
}

/** Serves /metrics, /healthz, /readyz. Port 0 picks a free port; resolves the bound port. */
export async function serveMetrics(
  metrics: Metrics,
  health: Health,
  port: number,
): Promise<{ port: number; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    } else if (req.url === '/healthz') {
      const ok = health.live();
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'down' }));
    } else if (req.url === '/readyz') {
      const ok = health.ready();
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ready' : 'not ready' }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', () => resolve()));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : port, server };
}
