// The fixed lists of names the runtime may emit. Logging and metrics take these
// literal unions only, and a test fails if anything outside them is emitted.

export const LOG_EVENTS = [
  'worker.starting', 'worker.started', 'worker.stopping', 'worker.stopped', 'worker.failed',
  'config.invalid', 'routes.invalid',
  'request.processed', 'request.replayed', 'request.dead_lettered', 'request.malformed',
  'event.processed', 'event.replayed',
  'handler.failed', 'retry.scheduled', 'retry.recovered', 'reply_topic.unknown',
  'processed.purged',
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

export const METRIC_NAMES = [
  'worker_requests_total',
  'worker_request_duration_seconds',
  'worker_replays_total',
  'worker_dead_letters_total',
  'worker_internal_errors_total',
  'worker_retries_total',
  'worker_ready',
  'worker_in_flight',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
