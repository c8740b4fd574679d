// The mail worker's metrics, on the runtime's registry and under names from its
// fixed list (names.ts: MAIL_METRIC_NAMES).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MailMetricName } from '../names';

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
