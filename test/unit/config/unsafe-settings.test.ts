// Unsafe configurations are refused at start, one line naming the variable (issue 30,
// point 1): endpoints partly set, published keys in production, plain SMTP in production
// without an explicit SMTP_REQUIRE_TLS=false, SASL without TLS, a registry user without a
// password. Config parsing is pure, so each rule is checked here without a server; the
// process-level proof is test/integration/contact/published-keys-refused.test.ts.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, PUBLISHED_KEYS, publishedKeyProblems } from '@workers/runtime';
import { loadOpsConfig } from '@workers/ops';
import { cardConfigSchema } from '../../../services/card-worker/src/config';
import { loadContactConfig } from '../../../services/contact-worker/src/config';
import { loadMailConfig } from '../../../services/mail-worker/src/config';

const key = (): string => randomBytes(32).toString('base64');
const ENDPOINTS = {
  KAFKA_BROKERS: 'kafka-1:9092',
  SCHEMA_REGISTRY_URL: 'https://registry.example.jp',
  MONGODB_URI: 'mongodb://db.example.jp:27017',
};
const KEYS = { EMAIL_KEY: key(), EMAIL_HASH_KEY: key() };
const MAIL = { SMTP_URL: 'smtp://mail.example.jp:587', MAIL_FROM: 'noreply@example.jp', MYPAGE_URL: 'https://m.jp/' };
const [DEMO_KEY, DEMO_HASH_KEY] = PUBLISHED_KEYS as [string, string];

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
const variables = (problems: string[]): string[] => problems.map((p) => p.slice(0, p.indexOf(':'))).sort();

const card = (env: NodeJS.ProcessEnv) => () => loadConfig(cardConfigSchema, env);
const contact = (env: NodeJS.ProcessEnv) => () => loadContactConfig(env);
const mail = (env: NodeJS.ProcessEnv) => () => loadMailConfig(env);

describe('endpoints partly configured', () => {
  test.each([
    ['KAFKA_BROKERS only', { KAFKA_BROKERS: 'k:9092' }, ['MONGODB_URI', 'SCHEMA_REGISTRY_URL']],
    ['no MONGODB_URI', { KAFKA_BROKERS: 'k:9092', SCHEMA_REGISTRY_URL: 'http://r:8081' }, ['MONGODB_URI']],
    ['no KAFKA_BROKERS', { SCHEMA_REGISTRY_URL: 'http://r:8081', MONGODB_URI: 'mongodb://m' }, ['KAFKA_BROKERS']],
  ])('%s: the worker names each missing one as required', (_what, env, missing) => {
    const p = problemsOf(card(env));
    expect(variables(p)).toEqual(missing);
    for (const line of p) expect(line).toMatch(/^[A-Z_]+: required: /);
  });

  test('the mail worker also needs SMTP_URL', () => {
    const p = problemsOf(mail({ ...ENDPOINTS, ...KEYS, MAIL_FROM: MAIL.MAIL_FROM, MYPAGE_URL: MAIL.MYPAGE_URL }));
    expect(variables(p)).toEqual(['SMTP_URL']);
  });
});

describe('keys the repository publishes', () => {
  const prod = { NODE_ENV: 'production' };

  test.each([
    ['contact worker', contact],
    ['mail worker', (env: NodeJS.ProcessEnv) => mail({ ...MAIL, ...env })],
  ])('%s: refused with NODE_ENV=production, each variable named, the value never printed', (_what, load) => {
    const p = problemsOf(load({ ...ENDPOINTS, ...prod, EMAIL_KEY: DEMO_KEY, EMAIL_HASH_KEY: DEMO_HASH_KEY }));
    expect(variables(p)).toEqual(['EMAIL_HASH_KEY', 'EMAIL_KEY']);
    expect(p.join('\n')).not.toContain(DEMO_KEY);
    expect(variables(problemsOf(load({ ...ENDPOINTS, ...prod, ...KEYS, EMAIL_HASH_KEY: DEMO_KEY })))).toEqual([
      'EMAIL_HASH_KEY',
    ]);
  });

  test('a published key among EMAIL_PREVIOUS_KEYS, or spelled without padding, is refused too', () => {
    expect(publishedKeyProblems({ ...prod, EMAIL_PREVIOUS_KEYS: `k0:${key()},old:${DEMO_KEY}` })).toHaveLength(1);
    expect(publishedKeyProblems({ ...prod, EMAIL_KEY: DEMO_KEY.replace(/=+$/, '') })).toHaveLength(1);
  });

  test('outside production (a demo, a test) they are accepted', () => {
    expect(problemsOf(contact({ ...ENDPOINTS, EMAIL_KEY: DEMO_KEY, EMAIL_HASH_KEY: DEMO_HASH_KEY }))).toEqual([]);
  });

  test('own keys in production are accepted', () => {
    expect(problemsOf(contact({ ...ENDPOINTS, ...prod, ...KEYS }))).toEqual([]);
  });

  test('the operator tools and the console (through loadOpsConfig) refuse them as well', () => {
    expect(variables(problemsOf(() => loadOpsConfig([], { ...prod, EMAIL_KEY: DEMO_KEY })))).toEqual(['EMAIL_KEY']);
  });
});

describe('SMTP in production', () => {
  const env = { ...ENDPOINTS, ...KEYS, ...MAIL };

  test('smtp:// requires STARTTLS by default in production', () => {
    expect(loadMailConfig({ ...env, NODE_ENV: 'production' }).config.SMTP_REQUIRE_TLS).toBe(true);
  });

  test('plain SMTP only with an explicit SMTP_REQUIRE_TLS=false', () => {
    expect(loadMailConfig({ ...env, NODE_ENV: 'production', SMTP_REQUIRE_TLS: 'false' }).config.SMTP_REQUIRE_TLS).toBe(
      false,
    );
  });

  test('outside production the local sink (no STARTTLS) stays the default', () => {
    expect(loadMailConfig(env).config.SMTP_REQUIRE_TLS).toBe(false);
  });
});

describe('credentials that would travel in clear or go unused', () => {
  const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };

  test.each([
    ['SASL without KAFKA_SSL', sasl, ['KAFKA_SSL']],
    ['a SASL user alone, without KAFKA_SSL', { KAFKA_SASL_USERNAME: 'u' }, ['KAFKA_SSL']],
    ['a registry user without a password', { SCHEMA_REGISTRY_USERNAME: 'u' }, ['SCHEMA_REGISTRY_PASSWORD']],
    ['a registry password without a user', { SCHEMA_REGISTRY_PASSWORD: 'p' }, ['SCHEMA_REGISTRY_USERNAME']],
  ])('%s: refused by the workers and the operator tools', (_what, extra, named) => {
    expect(variables(problemsOf(card({ ...ENDPOINTS, ...extra })))).toEqual(named);
    expect(variables(problemsOf(contact({ ...ENDPOINTS, ...KEYS, ...extra })))).toEqual(named);
    expect(variables(problemsOf(() => loadOpsConfig(['kafka'], { ...ENDPOINTS, ...extra })))).toEqual(named);
  });

  test('SASL over TLS and a registry user with a password are accepted', () => {
    const ok = { ...sasl, KAFKA_SSL: 'true', SCHEMA_REGISTRY_USERNAME: 'u', SCHEMA_REGISTRY_PASSWORD: 'p' };
    expect(problemsOf(card({ ...ENDPOINTS, ...ok }))).toEqual([]);
  });
});
