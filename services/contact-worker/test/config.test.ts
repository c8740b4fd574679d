// The contact worker's configuration: its own default of partitions at once, which
// the environment overrides, and the shared checks still apply.
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@workers/runtime';
import { loadContactConfig } from '../src/config';

const env = {
  KAFKA_BROKERS: 'localhost:9092',
  SCHEMA_REGISTRY_URL: 'http://localhost:8081',
  MONGODB_URI: 'mongodb://localhost:27017',
  EMAIL_KEY: randomBytes(32).toString('base64'),
  EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
};

describe('loadContactConfig', () => {
  it('works four partitions at once unless told otherwise; the other shared defaults stay', () => {
    const { config } = loadContactConfig(env);
    expect(config.PARTITIONS_CONCURRENTLY).toBe(4);
    expect(config.MAX_CHUNK_MESSAGES).toBe(500);
    expect(config.CONTACT_REQUEST_TOPIC).toBeTruthy();
  });

  it('takes PARTITIONS_CONCURRENTLY from the environment, checked as everywhere', () => {
    expect(loadContactConfig({ ...env, PARTITIONS_CONCURRENTLY: '12' }).config.PARTITIONS_CONCURRENTLY).toBe(12);
    expect(() => loadContactConfig({ ...env, PARTITIONS_CONCURRENTLY: '0' })).toThrow(ConfigError);
  });
});
