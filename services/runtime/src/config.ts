// Configuration every worker shares, read from environment variables and checked
// at start. A bad value stops the worker with one line per bad variable, naming it.
import { hostname } from 'node:os';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();
/** A string every process needs; unset, it is named as required (with what to set it to). */
const required = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `required: ${what}` : undefined) });

export const baseConfigShape = {
  KAFKA_BROKERS: required('comma-separated host:port list')
    .min(1, 'required: comma-separated host:port list')
    .refine((v) => v.split(',').every((b) => /^[^:\s]+:\d+$/.test(b.trim())), 'each broker must be host:port'),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_SSL: bool.default(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  SCHEMA_REGISTRY_URL: required('the schema registry URL, such as http://localhost:8081').url(
    'must be a URL such as http://localhost:8081',
  ),
  SCHEMA_REGISTRY_USERNAME: z.string().optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
  MONGODB_URI: required('mongodb://… or mongodb+srv://…').regex(
    /^mongodb(\+srv)?:\/\//,
    'must start with mongodb:// or mongodb+srv://',
  ),
  MONGODB_DB: z
    .string()
    .regex(/^[^/\\. "$]{1,63}$/, 'must be a valid database name')
    .default('workers'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: port.default(9464),
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, dot, dash, underscore')
    .default(hostname().replace(/[^\w.-]/g, '-')),
  CONSUMER_GROUP: z.string().min(1).optional(),
  /** How long the group waits for a silent (crashed) member before rebalancing its partitions. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000, 'at least 6000 (the broker minimum)').default(30_000),
  /** Longest wait of an idle fetch at the broker (Java clients' fetch.max.wait.ms is 500). */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(10).max(30_000).default(500),
  /**
   * Bytes a fetch waits for (up to KAFKA_FETCH_MAX_WAIT_MS) before the broker answers; the Java
   * clients' fetch.min.bytes, 1 by default: answer as soon as one request is there. Larger, with a
   * short wait, gathers the requests of a few milliseconds into fewer chunks and transactions, for
   * less CPU per request at a light load (docs/benchmarks.md, "Waiting to gather requests").
   */
  KAFKA_FETCH_MIN_BYTES: positive.max(52_428_800).default(1),
  /**
   * Largest fetch of one partition; a fetched batch is processed in chunks of MAX_CHUNK_MESSAGES.
   * 256 KiB is about one chunk of requests: a larger fetch only holds more of them in memory
   * waiting, no faster (docs/benchmarks.md#fetch-size-per-partition). A request larger than this still comes
   * (the broker returns at least one whole batch: test/integration/card/small-fetch.test.ts).
   */
  KAFKA_FETCH_MAX_BYTES_PER_PARTITION: positive.default(262_144),
  /** Messages decided, written and committed together (one transaction); bounds the time between commits. */
  MAX_CHUNK_MESSAGES: positive.max(5_000).default(500),
  PARTITIONS_CONCURRENTLY: positive.default(8),
  /** Calls of one kind (a read or a write of one store) a process has at the database at once; more wait and go as one. */
  DB_CALLS_IN_FLIGHT: positive.max(64).default(4),
  /** Megabytes of entities (cards, contacts, accounts) a process keeps in memory to spare database reads, shared evenly by its entity stores. */
  ENTITY_CACHE_MB: z.coerce.number().min(0).max(1024).default(8),
  /**
   * How replies and offsets are committed: `partition`, one transactional producer per input
   * partition, fenced by its transactional id; `process`, a few producers per process, each
   * transaction carrying the chunks of every partition ready at once, fenced by the group
   * generation (KIP-447, needs Kafka 2.5+). Equally fast here
   * (docs/benchmarks.md#one-transaction-per-process-kip-447-measured).
   */
  KAFKA_TRANSACTIONS: z.enum(['partition', 'process']).default('partition'),
  /** With KAFKA_TRANSACTIONS=process: transactional producers per process, each committing for a fixed share of its partitions. */
  KAFKA_TRANSACTION_LINES: positive.max(16).default(2),
  /** Prefix of the per-partition transactional ids; the same in every process of a group (default: the group). */
  TRANSACTIONAL_ID_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, dot, dash, underscore')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: positive.default(15_000),
  PROCESSED_RETENTION_DAYS: z.coerce.number().min(7, 'replies must be kept at least 7 days').default(7),
  /** How often expired processed requests are deleted (servers without TTL indexes need it). */
  PROCESSED_PURGE_INTERVAL_MS: positive.default(3_600_000),
  RETRY_BASE_MS: positive.default(200),
  RETRY_MAX_MS: positive.default(10_000),
  /** Messages in a row failing alone for good before a partition waits instead of dead-lettering (engine/outage.ts). */
  OUTAGE_FAILURES_IN_ROW: z.coerce.number().int().min(2).default(3),
  /** A partition waiting longer than this for a dependency logs it at error: someone must act. */
  OUTAGE_ALERT_AFTER_MS: positive.default(300_000),
  /** Test-only crash point; ignored when NODE_ENV=production. */
  TEST_CRASH_POINT: z.enum(['after-entities', 'after-records', 'mid-entities', 'mid-records']).optional(),
};

/**
 * Credentials that would travel in clear or go unused: refused in every environment, since
 * no setting of them is right. SASL without TLS sends the password (PLAIN) and every record
 * unencrypted; a registry user without a password (or the reverse) would talk to the
 * registry without authentication, unnoticed. The workers and the operator tools share it.
 */
export function credentialProblems(
  c: {
    KAFKA_SSL?: boolean;
    KAFKA_SASL_MECHANISM?: string;
    KAFKA_SASL_USERNAME?: string;
    KAFKA_SASL_PASSWORD?: string;
    SCHEMA_REGISTRY_USERNAME?: string;
    SCHEMA_REGISTRY_PASSWORD?: string;
  },
  ctx: z.RefinementCtx,
): void {
  const problem = (variable: string, message: string): void =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  if (c.KAFKA_SASL_MECHANISM && (!c.KAFKA_SASL_USERNAME || !c.KAFKA_SASL_PASSWORD))
    problem(
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM',
    );
  if ((c.KAFKA_SASL_MECHANISM || c.KAFKA_SASL_USERNAME || c.KAFKA_SASL_PASSWORD) && !c.KAFKA_SSL)
    problem(
      'KAFKA_SSL',
      'must be true with KAFKA_SASL_*: SASL without TLS sends the credentials and every record in clear',
    );
  if (c.SCHEMA_REGISTRY_USERNAME && !c.SCHEMA_REGISTRY_PASSWORD)
    problem('SCHEMA_REGISTRY_PASSWORD', 'required with SCHEMA_REGISTRY_USERNAME (a user without a password)');
  if (c.SCHEMA_REGISTRY_PASSWORD && !c.SCHEMA_REGISTRY_USERNAME)
    problem('SCHEMA_REGISTRY_USERNAME', 'required with SCHEMA_REGISTRY_PASSWORD');
}

export const baseConfigSchema = z.object(baseConfigShape).superRefine((c, ctx) => {
  if (c.RETRY_MAX_MS < c.RETRY_BASE_MS)
    ctx.addIssue({ code: 'custom', path: ['RETRY_MAX_MS'], message: 'must be at least RETRY_BASE_MS' });
  credentialProblems(c, ctx);
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses `env` with `schema`; throws ConfigError listing every bad variable, `more` (problems
 * found outside the schema, e.g. publishedKeyProblems) included.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  more: readonly string[] = [],
): z.infer<S> {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`)),
    ...more,
  ];
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new ConfigError(problems);
}
