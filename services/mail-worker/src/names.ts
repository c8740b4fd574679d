// The mail worker's own names, beside the runtime's (services/runtime/src/names.ts):
// its log events (scheduling, per-recipient outcomes, the dispatcher loop, the SMTP
// link, the purge of its records) and its metrics. Its logger is created over both
// lists, and a test fails if the process emits anything outside them. MailMetrics
// registers the metrics, on the runtime's registry and under these names only.
import { LOG_EVENTS, METRIC_NAMES, type LogEvent, type Logger } from '@workers/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

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

/** Registered by MailMetrics (below) on the runtime's registry. */
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

export interface MailGauges {
  pendingDispatches(): Promise<number>;
  smtpUp(): boolean;
}

export class MailMetrics {
  readonly deliveries: Counter<'status'>;
  readonly sendDuration: Histogram<'outcome'>;

  constructor(registry: Registry, gauges: MailGauges) {
    const name = (n: MailMetricName): MailMetricName => n;
    const registers = [registry];
    this.deliveries = new Counter({
      name: name('mail_deliveries_total'),
      help: 'Delivery records settled, by status (SENT, RETRY, FAILED, IN_DOUBT, SKIPPED_*)',
      labelNames: ['status'],
      registers,
    });
    this.sendDuration = new Histogram({
      name: name('mail_send_duration_seconds'),
      help: 'Time from hand-over to SMTP to its answer',
      labelNames: ['outcome'],
      registers,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    new Gauge({
      name: name('mail_dispatches_pending'),
      help: 'Approved contacts whose mail is not settled yet (waiting for publishAt, sending or retrying)',
      registers,
      async collect() {
        // While the database does not answer, the last count stands (readiness already says why).
        await gauges.pendingDispatches().then(
          (n) => this.set(n),
          () => undefined,
        );
      },
    });
    new Gauge({
      name: name('mail_smtp_available'),
      help: '1 when the SMTP server answered the last send or probe',
      registers,
      collect() {
        this.set(gauges.smtpUp() ? 1 : 0);
      },
    });
  }
}
