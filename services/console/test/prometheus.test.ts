// The workers' /metrics text read back into samples, and the few numbers the overview shows.
import { parsePrometheus, total } from '../src/domain/prometheus';
import { summarize } from '../src/domain/worker-summary';

const TEXT = `# HELP worker_requests_total Requests answered, by reply code
# TYPE worker_requests_total counter
worker_requests_total{topic="a.requests",operation="LockCard",code="Success",service="card-worker"} 7
worker_requests_total{topic="a.requests",operation="LockCard",code="CustomerWithGivenCardNumberNotFound",service="card-worker"} 2
worker_request_duration_seconds_bucket{le="+Inf",topic="a.requests",operation="LockCard"} 9
worker_request_duration_seconds_sum{topic="a.requests",operation="LockCard"} 0.09
worker_request_duration_seconds_count{topic="a.requests",operation="LockCard"} 9
worker_dead_letters_total{topic="a.requests",reason="malformed"} 1
worker_ready{service="card-worker"} 0
worker_partition_waiting{topic="a.requests",service="card-worker"} 2
weird{x="a \\"quoted\\" \\\\ value"} 3.5 1700000000000
`;

test('samples with labels (escapes undone), timestamps ignored, comments skipped', () => {
  const samples = parsePrometheus(TEXT);
  expect(samples).toHaveLength(9);
  expect(samples.at(-1)).toEqual({ name: 'weird', labels: { x: 'a "quoted" \\ value' }, value: 3.5 });
  expect(samples.find((s) => s.labels.le === '+Inf')?.value).toBe(9);
  expect(total(samples, 'worker_requests_total')).toBe(9);
  expect(total(samples, 'worker_requests_total', { code: 'Success' })).toBe(7);
});

test('a request worker: answered, errors, mean time, dead letters; no mail rows', () => {
  const rows = Object.fromEntries(summarize(parsePrometheus(TEXT)).map((r) => [r.label, r.value]));
  expect(rows).toMatchObject({
    'requests answered': '9',
    'answered with an error code': '2',
    'mean time to reply': '10.0 ms',
    'dead-lettered': '1',
    'partitions waiting for a dependency': '2',
  });
  expect(rows.mails).toBeUndefined();
});

test('the mail worker: deliveries per status, pending dispatches, SMTP', () => {
  const mail =
    'mail_deliveries_total{status="SENT"} 3\nmail_deliveries_total{status="SKIPPED_STOPPED"} 1\nmail_dispatches_pending 2\nmail_smtp_available 0\n';
  const rows = Object.fromEntries(summarize(parsePrometheus(mail)).map((r) => [r.label, r.value]));
  expect(rows).toMatchObject({ mails: 'SENT 3, SKIPPED_STOPPED 1', 'dispatches pending': '2', SMTP: 'unavailable' });
});
