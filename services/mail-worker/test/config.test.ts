import { randomBytes } from 'node:crypto';
import { ConfigError } from '@workers/runtime';
import { loadMailConfig } from '../src/config';

const key = (): string => randomBytes(32).toString('base64');
const base = (): NodeJS.ProcessEnv => ({
  KAFKA_BROKERS: 'localhost:9092',
  SCHEMA_REGISTRY_URL: 'http://localhost:8081',
  MONGODB_URI: 'mongodb://localhost:27017',
  SMTP_URL: 'smtp://localhost:2525',
  MAIL_FROM: '"マイページ" <noreply@example.jp>',
  MYPAGE_URL: 'https://mypage.example.jp/',
  EMAIL_KEY: key(),
  EMAIL_HASH_KEY: key(),
});

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadMailConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('mail worker configuration', () => {
  it('has defaults for everything but the endpoints, the sender, My Page and the keys', () => {
    const { config, crypto } = loadMailConfig(base());
    expect(config).toMatchObject({
      CONTACT_EVENT_TOPIC: 'crm.contact.events',
      MAIL_LOCALE: 'ja_JP',
      MAIL_RATE_PER_SEC: 10,
      MAIL_MAX_ATTEMPTS: 6,
      SMTP_MAX_CONNECTIONS: 5,
      SMTP_TLS_REJECT_UNAUTHORIZED: true,
      MAIL_CONTACT_RECHECK_MS: 1000,
      messageIdDomain: 'example.jp',
      MAIL_RECORD_RETENTION_DAYS: 90,
      MAIL_PURGE_INTERVAL_MS: 3_600_000,
    });
    const at = { collection: 'accounts', id: 'A-1', field: 'email' };
    expect(crypto.decrypt(crypto.encrypt('x@example.jp', at), at)).toBe('x@example.jp');
  });

  it('names each bad variable once', () => {
    const p = problems({
      ...base(),
      SMTP_URL: 'http://x',
      MAIL_FROM: 'nobody',
      MYPAGE_URL: 'not a url',
      MAIL_LOCALE: 'fr_FR',
      MAIL_RATE_PER_SEC: '0',
      MAIL_RECORD_RETENTION_DAYS: '0',
      MAIL_PURGE_INTERVAL_MS: '10',
    });
    for (const v of [
      'SMTP_URL',
      'MAIL_FROM',
      'MYPAGE_URL',
      'MAIL_LOCALE',
      'MAIL_RATE_PER_SEC',
      'MAIL_RECORD_RETENTION_DAYS',
      'MAIL_PURGE_INTERVAL_MS',
    ])
      expect(p.filter((l) => l.startsWith(`${v}:`))).toHaveLength(1);
  });

  it('wants SMTP_USER and SMTP_PASSWORD together', () => {
    expect(problems({ ...base(), SMTP_USER: 'u' })).toEqual([
      expect.stringMatching(/^SMTP_PASSWORD: SMTP_USER and SMTP_PASSWORD go together/),
    ]);
    expect(problems({ ...base(), SMTP_USER: 'u', SMTP_PASSWORD: 'p' })).toEqual([]);
  });

  it('keeps the contact re-check at most one second', () => {
    expect(problems({ ...base(), MAIL_CONTACT_RECHECK_MS: '5000' })[0]).toMatch(/^MAIL_CONTACT_RECHECK_MS:/);
  });

  it('stops at start on a missing or malformed e-mail key', () => {
    expect(problems({ ...base(), EMAIL_KEY: undefined })[0]).toMatch(/EMAIL_KEY is missing/);
    expect(problems({ ...base(), EMAIL_HASH_KEY: 'c2hvcnQ=' })[0]).toMatch(/EMAIL_HASH_KEY is malformed/);
  });

  it('accepts smtps:// and a Message-ID domain of its own', () => {
    const { config } = loadMailConfig({
      ...base(),
      SMTP_URL: 'smtps://mail.example.jp:465',
      MAIL_FROM: 'noreply@example.jp',
      MAIL_MESSAGE_ID_DOMAIN: 'mail.example.jp',
    });
    expect(config.messageIdDomain).toBe('mail.example.jp');
  });
});
