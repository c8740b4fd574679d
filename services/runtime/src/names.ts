// The fixed lists of names the runtime itself emits. Logging and metrics take these
// literal unions only, and a test fails if anything outside them is emitted. A worker
// that logs or measures more declares its own lists beside these (for example
// services/mail-worker/src/names.ts) and creates its logger over both.

export const LOG_EVENTS = [
  'worker.starting',
  'worker.started',
  'worker.stopping',
  'worker.stopped',
  'worker.failed',
  'config.invalid',
  'routes.invalid',
  'request.processed',
  'request.replayed',
  'request.dead_lettered',
  'request.malformed',
  'event.processed',
  'event.replayed',
  'handler.failed',
  'retry.scheduled',
  'retry.recovered',
  'chunk.isolating',
  'chunk.timed',
  'partition.lost',
  'partition.stalled',
  'partition.waiting',
  'partition.resumed',
  'processed.purged',
  'kafka.client',
  'mongodb.monitor_restarted',
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

/**
 * The steps of worker_chunk_step_seconds, in the order a message meets them. Per message:
 * fetch (its producer's timestamp to the transport handing its batch over) and wait (the same
 * to its chunk's start). Per chunk: decode, read, apply, record, encode (the computation),
 * produce (the transaction's replies and events) and commit (the rest of the transaction:
 * offsets, EndTxn, and a producer renewed or a commit retried).
 */
export const CHUNK_STEPS = [
  'fetch',
  'wait',
  'decode',
  'read',
  'apply',
  'record',
  'encode',
  'produce',
  'commit',
] as const;
export type ChunkStep = (typeof CHUNK_STEPS)[number];

/** Registered by the runtime's Metrics on every worker. */
export const METRIC_NAMES = [
  'worker_requests_total',
  'worker_request_duration_seconds',
  'worker_replays_total',
  'worker_dead_letters_total',
  'worker_internal_errors_total',
  'worker_retries_total',
  'worker_ready',
  'worker_in_flight',
  'worker_commit_duration_seconds',
  'worker_batch_size',
  'worker_chunk_step_seconds',
  'worker_entity_cache_lookups_total',
  'worker_entity_cache_bytes',
  'worker_partition_waiting',
  'worker_partition_waits_total',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
