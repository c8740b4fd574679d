// The fixed lists of names the runtime may emit. Logging and metrics take these
// literal unions only, and a test fails if anything outside them is emitted.

export const LOG_EVENTS = [
  'worker.starting', 'worker.started', 'worker.stopping', 'worker.stopped', 'worker.failed',
  'config.invalid', 'routes.invalid',
  'request.processed', 'request.replayed', 'request.dead_lettered', 'request.malformed',
  'event.processed', 'event.replayed',
  'handler.failed', 'retry.scheduled', 'retry.recovered',
  'chunk.isolating', 'partition.lost', 'partition.stalled',
  'processed.purged', 'kafka.client', 'mongodb.monitor_restarted',
  // mail worker (services/mail-worker): scheduling, per-recipient outcomes, its dispatcher loop and SMTP link
  'mail.scheduled', 'mail.sent', 'mail.skipped', 'mail.failed', 'mail.retry_scheduled', 'mail.in_doubt',
  'mail.dispatch_deferred', 'mail.dispatch_settled',
  'dispatcher.started', 'dispatcher.stopping', 'dispatcher.stopped', 'dispatcher.failed', 'dispatcher.recovered', 'dispatcher.lease_lost',
  'smtp.unavailable', 'smtp.recovered',
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

/** Registered by the runtime's Metrics on every worker. */
export const RUNTIME_METRIC_NAMES = [
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
] as const;

/** Registered by the mail worker on the same registry (services/mail-worker/src/dispatch/mail-metrics.ts). */
export const MAIL_METRIC_NAMES = [
  'mail_deliveries_total',
  'mail_send_duration_seconds',
  'mail_dispatches_pending',
  'mail_smtp_available',
] as const;

export const METRIC_NAMES = [...RUNTIME_METRIC_NAMES, ...MAIL_METRIC_NAMES] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
