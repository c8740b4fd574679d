// The report's heading names the runtime settings the workers inherited from the bench's
// environment (a run with other settings must say so beside its figures), and never where the
// stack is, who the worker is, or a credential.
import { report } from '../../../scripts/bench/report';
import { workerSettings } from '../../../scripts/bench/settings';

test('only the tuning settings of the runtime set in the environment are taken, sorted', () => {
  const env = {
    KAFKA_FETCH_MAX_WAIT_MS: '10',
    KAFKA_FETCH_MIN_BYTES: '65536',
    KAFKA_BROKERS: 'k:9092',
    KAFKA_SASL_PASSWORD: 'secret',
    MONGODB_URI: 'mongodb://u:p@db',
    LOG_LEVEL: 'debug',
    PATH: '/usr/bin',
  };
  expect(workerSettings(env)).toEqual({ KAFKA_FETCH_MAX_WAIT_MS: '10', KAFKA_FETCH_MIN_BYTES: '65536' });
  expect(workerSettings({ PATH: '/usr/bin' })).toEqual({});
});

test('the heading names them, and a run on the defaults names none', () => {
  const base = { date: 'd', cpus: 2, cpuModel: 'x', requests: 3_000, bursts: 1, workers: [] };
  const heading = (settings?: Record<string, string>) =>
    report({ ...base, ...(settings ? { settings } : {}) }).split('\n')[0];
  expect(heading({ KAFKA_FETCH_MIN_BYTES: '65536', KAFKA_FETCH_MAX_WAIT_MS: '10' })).toBe(
    '## Run of d (2 cores, x; 3,000 requests per burst, 1 bursts each; workers with `KAFKA_FETCH_MIN_BYTES=65536`, `KAFKA_FETCH_MAX_WAIT_MS=10`)',
  );
  expect(heading({})).toBe('## Run of d (2 cores, x; 3,000 requests per burst, 1 bursts each)');
  expect(heading()).toBe('## Run of d (2 cores, x; 3,000 requests per burst, 1 bursts each)');
});
