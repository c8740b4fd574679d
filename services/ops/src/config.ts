// The CLI's configuration: the workers' Kafka and registry variables (same names,
// same checks, from @workers/runtime), of which each command requires only what it
// talks to. Problems come back as ConfigError, one line per variable.
import {
  baseConfigShape,
  ConfigError,
  credentialProblems,
  emailKeyConfigShape,
  loadConfig,
  publishedKeyProblems,
} from '@workers/runtime';
import { z } from 'zod';

export type Need = 'kafka' | 'registry' | 'mongodb';

const REQUIRED: Record<Need, { key: string; hint: string }> = {
  kafka: { key: 'KAFKA_BROKERS', hint: 'comma-separated host:port list' },
  registry: { key: 'SCHEMA_REGISTRY_URL', hint: 'schema registry URL such as http://localhost:8081' },
  mongodb: { key: 'MONGODB_URI', hint: 'mongodb://host:port/' },
};

const opsConfigSchema = z
  .object({
    KAFKA_BROKERS: baseConfigShape.KAFKA_BROKERS.optional(),
    KAFKA_CLIENT_ID: baseConfigShape.KAFKA_CLIENT_ID,
    KAFKA_SSL: baseConfigShape.KAFKA_SSL,
    KAFKA_SASL_MECHANISM: baseConfigShape.KAFKA_SASL_MECHANISM,
    KAFKA_SASL_USERNAME: baseConfigShape.KAFKA_SASL_USERNAME,
    KAFKA_SASL_PASSWORD: baseConfigShape.KAFKA_SASL_PASSWORD,
    SCHEMA_REGISTRY_URL: baseConfigShape.SCHEMA_REGISTRY_URL.optional(),
    SCHEMA_REGISTRY_USERNAME: baseConfigShape.SCHEMA_REGISTRY_USERNAME,
    SCHEMA_REGISTRY_PASSWORD: baseConfigShape.SCHEMA_REGISTRY_PASSWORD,
    MONGODB_URI: baseConfigShape.MONGODB_URI.optional(),
    MONGODB_DB: baseConfigShape.MONGODB_DB,
    // Only `mail-status --show-address` uses the e-mail keys, and checks them itself.
    ...emailKeyConfigShape,
  })
  // The workers' rules (SASL only over TLS, a registry user with a password).
  .superRefine(credentialProblems);

export type OpsConfig = z.infer<typeof opsConfigSchema>;
/**
 * Throws ConfigError naming every missing or bad variable; an empty value counts as unset.
 * With NODE_ENV=production, e-mail keys the repository publishes are refused too (the
 * console reads its endpoints and keys through here).
 */
export function loadOpsConfig(needs: readonly Need[], env: NodeJS.ProcessEnv): OpsConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const missing = needs
    .map((n) => REQUIRED[n])
    .filter((r) => !set[r.key])
    .map((r) => `${r.key}: required (${r.hint})`);
  let config: OpsConfig | undefined;
  let problems = missing;
  try {
    config = loadConfig(opsConfigSchema, set, publishedKeyProblems(set));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems = [...missing, ...err.problems];
  }
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return config;
}
