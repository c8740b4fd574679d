// The console's configuration, checked at start: one line per bad variable, naming it.
// Kafka, registry and MongoDB variables are the workers' (same names, same checks,
// through the operator CLI's loader); the rest are the console's own. E-mail keys are
// optional: without them the customer view cannot reveal an address (it says so).
// Without CONSOLE_TOKEN the console runs only on loopback, open and read-only there.
import { join, resolve } from 'node:path';
import type { FieldCrypto } from '@workers/runtime';
import { ConfigError, emailKeyConfigShape, fieldCryptoOrConfigError, loadConfig } from '@workers/runtime';
import { loadOpsConfig, type OpsConfig } from '@workers/ops';
import { z } from 'zod';
import { DEFAULT_WORKER_URLS, isWorkerName, WORKER_NAMES, type WorkerName } from './workers';

export interface WorkerEndpoint {
  name: WorkerName;
  /** Base URL of the worker's metrics port (serves /metrics and /readyz). */
  url: string;
}

function parseWorkers(text: string, ctx: z.RefinementCtx): WorkerEndpoint[] {
  const out: WorkerEndpoint[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq);
    const url = entry.slice(eq + 1).replace(/\/+$/, '');
    if (eq < 1 || !isWorkerName(name))
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}": expected <worker>=<url>, <worker> one of ${WORKER_NAMES.join(', ')}`,
      });
    else if (!/^https?:\/\/[^/\s]+$/.test(url))
      ctx.addIssue({ code: 'custom', message: `"${entry}": the URL must be http(s)://host:port` });
    else out.push({ name, url });
  }
  return out;
}

/** docs/asyncapi.yaml of the checkout, or of the image (/app): src/ and dist/ are both three levels below it. */
const DEFAULT_CONTRACT_FILE = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');

const consoleShape = z.object({
  CONSOLE_HOST: z
    .string()
    .regex(/^[\w.:-]+$/, 'a host name or IP address to bind, e.g. 127.0.0.1')
    .default('127.0.0.1'),
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  CONSOLE_TOKEN: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  CONSOLE_SECURE_COOKIE: z.enum(['true', 'false']).default('false'),
  CONSOLE_WORKERS: z.string().default(DEFAULT_WORKER_URLS).transform(parseWorkers),
  CONSOLE_TOPIC_PREFIX: z
    .string()
    .regex(/^[\w.-]*$/, 'letters, digits, dot, dash, underscore')
    .default(''),
  CONSOLE_GROUP_PREFIX: z
    .string()
    .regex(/^[\w.-]*$/, 'letters, digits, dot, dash, underscore')
    .default(''),
  CONSOLE_INDEX_LIMIT: z.coerce.number().int().min(1000, 'at least 1000').default(200_000),
  CONSOLE_INDEX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024, 'at least 1048576 (1 MiB)')
    .default(64 * 1024 * 1024),
  /** Idle time after which the index stops reading the topics (it resumes when a page needs it). */
  CONSOLE_INDEX_IDLE_MS: z.coerce
    .number()
    .int()
    .min(1000, 'at least 1000')
    .max(24 * 60 * 60_000, 'at most 86400000 (a day)')
    .default(5 * 60_000),
  /** The console's nice value (0–19; 0 leaves its priority as it is): the workers get the CPU first. */
  CONSOLE_NICE: z.coerce.number().int().min(0, '0 to 19').max(19, '0 to 19').default(10),
  CONSOLE_REFRESH_MS: z.coerce.number().int().min(500, 'at least 500').max(60_000).default(2000),
  /** The contract the /contract page shows (read once at start; relative to the working directory). */
  CONSOLE_CONTRACT_FILE: z
    .string()
    .default(DEFAULT_CONTRACT_FILE)
    .transform((p) => resolve(p)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...emailKeyConfigShape,
});

/** 127.0.0.0/8, ::1 and `localhost`: the only addresses a console without CONSOLE_TOKEN may bind. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export type ConsoleConfig = z.infer<typeof consoleShape> & { ops: OpsConfig };

/** Throws ConfigError listing every bad variable (the console's and the endpoints'). */
export function loadConsoleConfig(env: NodeJS.ProcessEnv): { config: ConsoleConfig; crypto: FieldCrypto | null } {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const collect = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const own = collect(() => loadConfig(consoleShape, set));
  // Without a token nobody is authenticated: allowed only where no one else can connect.
  if (own && !own.CONSOLE_TOKEN && !isLoopback(own.CONSOLE_HOST))
    problems.push(
      `CONSOLE_TOKEN: required when CONSOLE_HOST (${own.CONSOLE_HOST}) is not a loopback address; at least 32 characters (e.g. \`openssl rand -hex 32\`)`,
    );
  const ops = collect(() => loadOpsConfig(['kafka', 'registry', 'mongodb'], set));
  // Checked even when another variable is bad, so every problem is named at once.
  const keys = own ?? {
    EMAIL_KEY_ID: set.EMAIL_KEY_ID ?? 'k1',
    EMAIL_KEY: set.EMAIL_KEY,
    EMAIL_PREVIOUS_KEYS: set.EMAIL_PREVIOUS_KEYS,
    EMAIL_HASH_KEY: set.EMAIL_HASH_KEY,
  };
  const crypto = keys.EMAIL_KEY || keys.EMAIL_HASH_KEY ? collect(() => fieldCryptoOrConfigError(keys)) : null;
  if (problems.length > 0 || !own || !ops) throw new ConfigError(problems);
  return { config: { ...own, ops }, crypto: crypto ?? null };
}
