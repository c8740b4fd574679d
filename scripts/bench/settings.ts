// The workers inherit the bench's environment, so a run with `KAFKA_FETCH_MIN_BYTES=65536 npm run
// bench` measures workers other than the defaults. The report's heading names such settings, so
// that a figure in docs/benchmarks.md stands beside what reproduces it. Only the runtime's tuning
// settings are named: where the stack is, who the worker is, and credentials never are.
import { baseConfigShape } from '@workers/runtime';

/** Settings of the runtime's schema that say where or who, not how: never named by the report. */
const NOT_TUNING = new Set([
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_SSL',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'SCHEMA_REGISTRY_URL',
  'SCHEMA_REGISTRY_USERNAME',
  'SCHEMA_REGISTRY_PASSWORD',
  'MONGODB_URI',
  'MONGODB_DB',
  'LOG_LEVEL',
  'METRICS_PORT',
  'INSTANCE_ID',
  'CONSUMER_GROUP',
  'TRANSACTIONAL_ID_PREFIX',
  'TEST_CRASH_POINT',
]);

/** The runtime's tuning settings set in `env`, sorted by name. */
export function workerSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.keys(baseConfigShape)
      .filter((k) => !NOT_TUNING.has(k) && env[k] !== undefined)
      .sort()
      .map((k) => [k, env[k]!]),
  );
}
