// The few numbers the overview shows per worker, read from its /metrics (the names
// of services/runtime names.ts) and /readyz. Pure: the scrape is kafka-free I/O in
// ../store/scrape.ts.
import { has, total, type Sample } from './prometheus';

export type Readiness = 'ready' | 'not ready' | 'unreachable';

export interface WorkerSummary {
  name: string;
  url: string;
  readiness: Readiness;
  /** Why it is unreachable (connection refused, timeout). */
  error?: string;
  metrics: { label: string; value: string }[];
}

const count = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function summarize(samples: readonly Sample[]): { label: string; value: string }[] {
  const answered = total(samples, 'worker_requests_total');
  const success = total(samples, 'worker_requests_total', { code: 'Success' });
  const durSum = total(samples, 'worker_request_duration_seconds_sum');
  const durCount = total(samples, 'worker_request_duration_seconds_count');
  const rows: { label: string; value: string }[] = [];
  if (has(samples, 'worker_requests_total') || !has(samples, 'mail_deliveries_total')) {
    rows.push({ label: 'requests answered', value: count(answered) });
    rows.push({ label: 'answered with an error code', value: count(answered - success) });
    rows.push({
      label: 'mean time to reply',
      value: durCount > 0 ? `${((durSum / durCount) * 1000).toFixed(1)} ms` : '—',
    });
  }
  rows.push({ label: 'in flight', value: count(total(samples, 'worker_in_flight')) });
  rows.push({ label: 'dead-lettered', value: count(total(samples, 'worker_dead_letters_total')) });
  rows.push({ label: 'internal errors', value: count(total(samples, 'worker_internal_errors_total')) });
  rows.push({ label: 'transient retries', value: count(total(samples, 'worker_retries_total')) });
  // A partition holding a message while a dependency is down (runtime engine/outage.ts).
  rows.push({
    label: 'partitions waiting for a dependency',
    value: count(total(samples, 'worker_partition_waiting')),
  });
  if (has(samples, 'mail_deliveries_total') || has(samples, 'mail_dispatches_pending')) {
    const statuses = [
      ...new Set(samples.filter((s) => s.name === 'mail_deliveries_total').map((s) => s.labels.status ?? '?')),
    ].sort();
    rows.push({
      label: 'mails',
      value:
        statuses.map((st) => `${st} ${count(total(samples, 'mail_deliveries_total', { status: st }))}`).join(', ') ||
        'none yet',
    });
    rows.push({ label: 'dispatches pending', value: count(total(samples, 'mail_dispatches_pending')) });
    rows.push({ label: 'SMTP', value: total(samples, 'mail_smtp_available') > 0 ? 'available' : 'unavailable' });
  }
  return rows;
}
