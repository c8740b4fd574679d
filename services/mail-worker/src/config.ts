// The mail worker's configuration: the shared variables, its event topic (default:
// the declared one, services/contracts), the e-mail keys (it decrypts addresses),
// SMTP and the sending policy. Every bad value is reported at start, one line per
// variable; a missing or malformed key is too, and with NODE_ENV=production a key the
// repository publishes. In production smtp:// requires STARTTLS unless
// SMTP_REQUIRE_TLS=false is set explicitly: addresses and SMTP credentials never go in
// clear because a server (or someone in between) left STARTTLS out.
import { DEFAULT_TOPIC } from '@workers/contracts';
import {
  baseConfigSchema,
  ConfigError,
  emailKeyConfigShape,
  fieldCryptoOrConfigError,
  loadConfig,
  publishedKeyProblems,
  type FieldCrypto,
} from '@workers/runtime';
import { z } from 'zod';
import { MAIL_LOCALES } from './messages/mail';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positive = z.coerce.number().int().positive();
const ms = (def: number) => z.coerce.number().int().min(1).default(def);

export const mailConfigSchema = baseConfigSchema
  .and(
    z.object({
      CONTACT_EVENT_TOPIC: z.string().min(1).default(DEFAULT_TOPIC.CONTACT_EVENT_TOPIC),
      ...emailKeyConfigShape,
      SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s/]+/, 'must be smtp://host:port or smtps://host:port'),
      SMTP_USER: z.string().min(1).optional(),
      SMTP_PASSWORD: z.string().min(1).optional(),
      /** Refuse a server certificate that does not verify (set false only for a test server). */
      SMTP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
      /** smtp:// only: refuse to send unless the server offers STARTTLS (default: true in production, else false). */
      SMTP_REQUIRE_TLS: bool.optional(),
      /** Pooled connections, and also the most sends in flight at once (so at most this many can end in doubt). */
      SMTP_MAX_CONNECTIONS: positive.max(50).default(5),
      SMTP_TIMEOUT_MS: ms(30_000),
      MAIL_FROM: z
        .string()
        .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address, or "Name <address>"'),
      MAIL_MESSAGE_ID_DOMAIN: z
        .string()
        .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')
        .optional(),
      MAIL_LOCALE: z.enum(MAIL_LOCALES).default('ja_JP'),
      MYPAGE_URL: z
        .string()
        .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s) URL such as https://mypage.example.jp/'),
      MAIL_RATE_PER_SEC: z.coerce.number().positive().max(10_000).default(10),
      MAIL_RATE_BURST: positive.optional(),
      MAIL_MAX_ATTEMPTS: positive.max(100).default(6),
      MAIL_RETRY_BASE_MS: ms(60_000),
      MAIL_RETRY_MAX_MS: ms(3_600_000),
      MAIL_POLL_MS: ms(1000),
      MAIL_LEASE_MS: z.coerce.number().int().min(1000, 'at least 1000').default(60_000),
      MAIL_PAGE_SIZE: positive.max(1000).default(100),
      MAIL_DISPATCH_CONCURRENCY: positive.max(64).default(2),
      /** How old a contact read may be during a broadcast; docs/rules.md#mail asks for a re-check at least every second. */
      MAIL_CONTACT_RECHECK_MS: z.coerce.number().int().min(0).max(1000).default(1000),
      MAIL_DRAIN_TIMEOUT_MS: ms(10_000),
      /** How long dispatch and delivery records are kept after their last write (a settled dispatch: after settling). */
      MAIL_RECORD_RETENTION_DAYS: positive.max(3650).default(90),
      /** How often expired records are purged where the database has no TTL index (FerretDB v1). */
      MAIL_PURGE_INTERVAL_MS: z.coerce.number().int().min(1000, 'at least 1000').default(3_600_000),
    }),
  )
  .superRefine((c, ctx) => {
    if (!!c.SMTP_USER !== !!c.SMTP_PASSWORD)
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'SMTP_USER and SMTP_PASSWORD go together' });
    if (c.MAIL_RETRY_MAX_MS < c.MAIL_RETRY_BASE_MS)
      ctx.addIssue({ code: 'custom', path: ['MAIL_RETRY_MAX_MS'], message: 'must be at least MAIL_RETRY_BASE_MS' });
  });

export type MailConfig = Omit<z.infer<typeof mailConfigSchema>, 'SMTP_REQUIRE_TLS'> & {
  SMTP_REQUIRE_TLS: boolean;
  messageIdDomain: string;
};

/** Configuration and the field crypto built from it; every problem is a ConfigError. */
export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): { config: MailConfig; crypto: FieldCrypto } {
  const parsed = loadConfig(mailConfigSchema, env, publishedKeyProblems(env));
  const messageIdDomain = parsed.MAIL_MESSAGE_ID_DOMAIN ?? senderDomain(parsed.MAIL_FROM);
  if (!messageIdDomain) throw new ConfigError(['MAIL_MESSAGE_ID_DOMAIN: required when MAIL_FROM has no domain']);
  const SMTP_REQUIRE_TLS = parsed.SMTP_REQUIRE_TLS ?? env.NODE_ENV === 'production';
  const config = { ...parsed, SMTP_REQUIRE_TLS, messageIdDomain };
  return { config, crypto: fieldCryptoOrConfigError(config) };
}

/** The domain of a sender such as `noreply@example.jp` or `"My Page" <noreply@example.jp>`. */
export function senderDomain(from: string): string | null {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? null;
}
