import { z } from 'zod';
import { baseConfigSchema, baseConfigShape, ConfigError, loadConfig } from '../src/config';

const valid = {
  KAFKA_BROKERS: 'localhost:9092, kafka-2:9093',
  SCHEMA_REGISTRY_URL: 'http://localhost:8081',
  MONGODB_URI: 'mongodb://localhost:27017',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(baseConfigSchema, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    if (!(err instanceof ConfigError)) throw err;
    expect(err.name).toBe('ConfigError');
    expect(err.message).toBe(`invalid configuration:\n${err.problems.map((p) => `  - ${p}`).join('\n')}`);
    return err.problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig(baseConfigSchema)', () => {
  it('gives the defaults for a minimal valid env', () => {
    const c = loadConfig(baseConfigSchema, valid);
    expect(c).toMatchObject({
      KAFKA_BROKERS: valid.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: valid.SCHEMA_REGISTRY_URL,
      MONGODB_URI: valid.MONGODB_URI,
      KAFKA_SSL: false,
      MONGODB_DB: 'workers',
      LOG_LEVEL: 'info',
      METRICS_PORT: 9464,
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      KAFKA_FETCH_MIN_BYTES: 1,
      MAX_CHUNK_MESSAGES: 500,
      PARTITIONS_CONCURRENTLY: 8,
      DB_CALLS_IN_FLIGHT: 4,
      PROCESSED_PURGE_INTERVAL_MS: 3_600_000,
      SHUTDOWN_TIMEOUT_MS: 15_000,
      PROCESSED_RETENTION_DAYS: 7,
      RETRY_BASE_MS: 200,
      RETRY_MAX_MS: 10_000,
    });
    expect(c.INSTANCE_ID).toMatch(/^[\w.-]+$/);
    expect(c.KAFKA_SASL_MECHANISM).toBeUndefined();
    expect(c.CONSUMER_GROUP).toBeUndefined();
    expect(c.TEST_CRASH_POINT).toBeUndefined();
  });

  it('coerces numbers and booleans from strings', () => {
    const c = loadConfig(baseConfigSchema, {
      ...valid,
      KAFKA_SSL: '1',
      METRICS_PORT: '9000',
      PROCESSED_RETENTION_DAYS: '30',
      MAX_CHUNK_MESSAGES: '4',
      MONGODB_DB: 'cards',
      LOG_LEVEL: 'debug',
      INSTANCE_ID: 'worker-1.a_b',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
      MONGODB_URI: 'mongodb+srv://cluster.example.com',
    });
    expect(c).toMatchObject({
      KAFKA_SSL: true,
      METRICS_PORT: 9000,
      PROCESSED_RETENTION_DAYS: 30,
      MAX_CHUNK_MESSAGES: 4,
      MONGODB_DB: 'cards',
      LOG_LEVEL: 'debug',
      INSTANCE_ID: 'worker-1.a_b',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
    });
    expect(loadConfig(baseConfigSchema, { ...valid, KAFKA_SSL: 'false' }).KAFKA_SSL).toBe(false);
  });

  it('takes a fetch size to wait for, and refuses none or one above the broker default fetch limit', () => {
    expect(loadConfig(baseConfigSchema, { ...valid, KAFKA_FETCH_MIN_BYTES: '65536' }).KAFKA_FETCH_MIN_BYTES).toBe(
      65_536,
    );
    for (const bad of ['0', '-1', '1.5', '52428801'])
      expect(problemsOf({ ...valid, KAFKA_FETCH_MIN_BYTES: bad }).join()).toMatch(/^KAFKA_FETCH_MIN_BYTES: /);
  });

  it('ignores unrelated variables', () => {
    const c: Record<string, unknown> = loadConfig(baseConfigSchema, { ...valid, PATH: '/usr/bin', HOME: '/root' });
    expect(c.PATH).toBeUndefined();
  });

  it('names every bad variable in one ConfigError', () => {
    const problems = problemsOf({
      KAFKA_BROKERS: 'localhost',
      SCHEMA_REGISTRY_URL: 'not a url',
      MONGODB_URI: 'postgres://localhost/db',
      PROCESSED_RETENTION_DAYS: '3',
      KAFKA_SASL_MECHANISM: 'plain',
    });
    const vars = problems.map((p) => p.split(':')[0]);
    expect(vars.sort()).toEqual([
      'KAFKA_BROKERS',
      'KAFKA_SASL_USERNAME',
      'KAFKA_SSL',
      'MONGODB_URI',
      'PROCESSED_RETENTION_DAYS',
      'SCHEMA_REGISTRY_URL',
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS: each broker must be host:port',
        'SCHEMA_REGISTRY_URL: must be a URL such as http://localhost:8081',
        'MONGODB_URI: must start with mongodb:// or mongodb+srv://',
        'PROCESSED_RETENTION_DAYS: replies must be kept at least 7 days',
      ]),
    );
    expect(problems.find((p) => p.startsWith('KAFKA_SASL_USERNAME:'))).toMatch(
      /KAFKA_SASL_PASSWORD.*KAFKA_SASL_MECHANISM/,
    );
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['a broker without port', { ...valid, KAFKA_BROKERS: 'a:9092,b' }, 'KAFKA_BROKERS'],
    ['an empty broker list', { ...valid, KAFKA_BROKERS: '' }, 'KAFKA_BROKERS'],
    [
      'no brokers at all',
      { SCHEMA_REGISTRY_URL: valid.SCHEMA_REGISTRY_URL, MONGODB_URI: valid.MONGODB_URI },
      'KAFKA_BROKERS',
    ],
    ['a bad registry URL', { ...valid, SCHEMA_REGISTRY_URL: 'localhost 8081' }, 'SCHEMA_REGISTRY_URL'],
    ['a non-mongodb URI', { ...valid, MONGODB_URI: 'http://localhost:27017' }, 'MONGODB_URI'],
    ['a retention below 7 days', { ...valid, PROCESSED_RETENTION_DAYS: '3' }, 'PROCESSED_RETENTION_DAYS'],
    [
      'a SASL mechanism without username',
      { ...valid, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_USERNAME',
    ],
    [
      'a SASL mechanism without password',
      { ...valid, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' },
      'KAFKA_SASL_USERNAME',
    ],
    ['an unknown SASL mechanism', { ...valid, KAFKA_SASL_MECHANISM: 'kerberos' }, 'KAFKA_SASL_MECHANISM'],
    ['an out-of-range port', { ...valid, METRICS_PORT: '70000' }, 'METRICS_PORT'],
    ['a non-numeric chunk size', { ...valid, MAX_CHUNK_MESSAGES: 'many' }, 'MAX_CHUNK_MESSAGES'],
    ['a chunk too large', { ...valid, MAX_CHUNK_MESSAGES: '100000' }, 'MAX_CHUNK_MESSAGES'],
    ['a transactional id prefix with a space', { ...valid, TRANSACTIONAL_ID_PREFIX: 'a b' }, 'TRANSACTIONAL_ID_PREFIX'],
    ['a bad boolean', { ...valid, KAFKA_SSL: 'yes' }, 'KAFKA_SSL'],
    ['a short session timeout', { ...valid, KAFKA_SESSION_TIMEOUT_MS: '1000' }, 'KAFKA_SESSION_TIMEOUT_MS'],
    ['a bad database name', { ...valid, MONGODB_DB: 'a.b' }, 'MONGODB_DB'],
    ['a bad log level', { ...valid, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('names the variable for %s', (_what, env, variable) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.startsWith(`${variable}: `)).toBe(true);
  });

  it('works with a schema extending the base shape', () => {
    const schema = z.object({ ...baseConfigShape, SMTP_URL: z.string().url() });
    expect(loadConfig(schema, { ...valid, SMTP_URL: 'smtp://localhost:25' }).SMTP_URL).toBe('smtp://localhost:25');
    expect(() => loadConfig(schema, valid)).toThrow(/SMTP_URL/);
  });

  it('labels a problem without a path as (env)', () => {
    const schema = z.object({}).refine(() => false, 'never valid');
    expect(() => loadConfig(schema, {})).toThrow('invalid configuration:\n  - (env): never valid');
  });
});
