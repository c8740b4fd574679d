// The console's configuration: defaults that bind to 127.0.0.1 and watch `npm start`'s
// workers; one line per bad value, naming the variable.
import { join } from 'node:path';
import { ConfigError } from '@workers/runtime';
import { loadConsoleConfig } from '../src/config';

const endpoints = {
  KAFKA_BROKERS: 'localhost:9092',
  SCHEMA_REGISTRY_URL: 'http://localhost:8081',
  MONGODB_URI: 'mongodb://localhost:27017',
};
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConsoleConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

test('defaults: loopback, port 8090, read-only, the three workers on 9464-9466, no reveal', () => {
  const { config, crypto } = loadConsoleConfig(endpoints);
  expect(config).toMatchObject({ CONSOLE_HOST: '127.0.0.1', CONSOLE_PORT: 8090, CONSOLE_TOPIC_PREFIX: '' });
  expect(config.CONSOLE_TOKEN).toBeUndefined();
  // The checkout's contract, and the image's (/app/docs/asyncapi.yaml): three levels above src/ and dist/.
  expect(config.CONSOLE_CONTRACT_FILE).toBe(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml'));
  expect(config.CONSOLE_WORKERS).toEqual([
    { name: 'card-worker', url: 'http://127.0.0.1:9464' },
    { name: 'contact-worker', url: 'http://127.0.0.1:9465' },
    { name: 'mail-worker', url: 'http://127.0.0.1:9466' },
  ]);
  expect(crypto).toBeNull();
  // Issue 29: below the workers' priority, and the index pauses after 5 idle minutes.
  expect(config).toMatchObject({ CONSOLE_NICE: 10, CONSOLE_INDEX_IDLE_MS: 300_000 });
});

test('CONSOLE_NICE is 0 (off) to 19; CONSOLE_INDEX_IDLE_MS at least a second', () => {
  expect(loadConsoleConfig({ ...endpoints, CONSOLE_NICE: '0', CONSOLE_INDEX_IDLE_MS: '1000' }).config).toMatchObject({
    CONSOLE_NICE: 0,
    CONSOLE_INDEX_IDLE_MS: 1000,
  });
  expect(problems({ ...endpoints, CONSOLE_NICE: '20', CONSOLE_INDEX_IDLE_MS: '999' })).toEqual([
    'CONSOLE_INDEX_IDLE_MS: at least 1000',
    'CONSOLE_NICE: 0 to 19',
  ]);
  expect(problems({ ...endpoints, CONSOLE_NICE: '-5' })).toEqual(['CONSOLE_NICE: 0 to 19']);
});

test("each bad value is named, the endpoints' too", () => {
  expect(
    problems({
      CONSOLE_PORT: 'x',
      CONSOLE_TOKEN: 'short',
      CONSOLE_WORKERS: 'billing=http://h:1,card-worker=ftp://h',
      EMAIL_KEY: 'bad',
    }),
  ).toEqual([
    expect.stringMatching(/^CONSOLE_PORT: /),
    'CONSOLE_TOKEN: at least 32 characters (e.g. `openssl rand -hex 32`)',
    expect.stringMatching(/^CONSOLE_WORKERS: "billing=http:\/\/h:1": expected <worker>=<url>/),
    expect.stringMatching(/^CONSOLE_WORKERS: "card-worker=ftp:\/\/h": the URL must be http/),
    'KAFKA_BROKERS: required (comma-separated host:port list)',
    'SCHEMA_REGISTRY_URL: required (schema registry URL such as http://localhost:8081)',
    'MONGODB_URI: required (mongodb://host:port/)',
    expect.stringMatching(/^EMAIL_KEY is malformed/),
  ]);
});

test('a token under 32 characters is refused; without a token only a loopback address may be bound', () => {
  expect(problems({ ...endpoints, CONSOLE_TOKEN: 'a'.repeat(31) })).toEqual([
    'CONSOLE_TOKEN: at least 32 characters (e.g. `openssl rand -hex 32`)',
  ]);
  expect(problems({ ...endpoints, CONSOLE_TOKEN: 'a'.repeat(32), CONSOLE_HOST: '0.0.0.0' })).toEqual([]);
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost'])
    expect(problems({ ...endpoints, CONSOLE_HOST: host })).toEqual([]);
  for (const host of ['0.0.0.0', '::', '10.0.0.5', 'console.example', '128.0.0.1'])
    expect(problems({ ...endpoints, CONSOLE_HOST: host })).toEqual([
      `CONSOLE_TOKEN: required when CONSOLE_HOST (${host}) is not a loopback address; at least 32 characters (e.g. \`openssl rand -hex 32\`)`,
    ]);
});
