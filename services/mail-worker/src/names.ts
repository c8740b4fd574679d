// The mail worker's own names, beside the runtime's (services/runtime/src/names.ts):
// its log events (scheduling, per-recipient outcomes, the dispatcher loop, the SMTP
// link, the purge of its records) and its metrics. Its logger is created over both
// lists, and a test fails if the process emits anything outside them.
import { LOG_EVENTS, METRIC_NAMES, type LogEvent, type Logger } from '@workers/runtime';

export const MAIL_LOG_EVENTS = [
  'mail.scheduled',
  'mail.sent',
  'mail.skipped',
  'mail.failed',
  'mail.retry_scheduled',
  'mail.in_doubt',
  'mail.dispatch_deferred',
  'mail.dispatch_settled',
  'mail.records_purged',
  'dispatcher.started',
  'dispatcher.stopping',
  'dispatcher.stopped',
  'dispatcher.failed',
  'dispatcher.recovered',
  'dispatcher.lease_lost',
  'smtp.unavailable',
  'smtp.recovered',
] as const;
export type MailLogEvent = (typeof MAIL_LOG_EVENTS)[number];

/** What the mail worker's modules log through: the runtime's events and its own. */
export type MailLogger = Logger<LogEvent | MailLogEvent>;

/** Registered by MailMetrics (dispatch/mail-metrics.ts) on the runtime's registry. */
export const MAIL_METRIC_NAMES = [
  'mail_deliveries_total',
  'mail_send_duration_seconds',
  'mail_dispatches_pending',
  'mail_smtp_available',
] as const;
export type MailMetricName = (typeof MAIL_METRIC_NAMES)[number];

/** Every name the mail worker process may emit. */
export const MAIL_WORKER_LOG_EVENTS: readonly string[] = [...LOG_EVENTS, ...MAIL_LOG_EVENTS];
export const MAIL_WORKER_METRIC_NAMES: readonly string[] = [...METRIC_NAMES, ...MAIL_METRIC_NAMES];
