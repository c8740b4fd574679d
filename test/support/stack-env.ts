// Shared helpers for integration tests: endpoints, unique names, fault control.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultStateDir } from '@workers/devstack';

/**
 * The name of this jest run's own stack (`.stack/<name>/`): `test` unless TEST_STACK says
 * otherwise — scripts/test.ts runs two jest runs at once, each on a stack of its own.
 */
export const testStackName = process.env.TEST_STACK || 'test';

/** File naming the env file of the stack this test run uses. */
export const currentEnvPointer = join(defaultStateDir, `current-${testStackName}-env`);

export interface StackEnv {
  kafkaBrokers: string[];
  registryUrl: string;
  mongoUri: string;
  mongoDb: string;
  smtpUrl: string;
  mailApiUrl: string;
  controlUrl: string;
  /** Replication the cluster holds for a new topic: 1 on the single-broker stack, 3 on three (STACK_REPLICATION_FACTOR). */
  replicationFactor: number;
  /** Toxiproxy's API when the stack runs with --proxy (test/support/toxiproxy.ts). */
  toxiproxyUrl: string | undefined;
}

function need(key: string): string {
  const v = process.env[key];
  if (!v) throw new Error(`${key} is not set: integration tests need the stack (test/support/global-setup.ts)`);
  return v;
}

export function stackEnv(): StackEnv {
  return {
    kafkaBrokers: need('KAFKA_BROKERS').split(','),
    registryUrl: need('SCHEMA_REGISTRY_URL'),
    mongoUri: need('MONGODB_URI'),
    mongoDb: need('MONGODB_DB'),
    smtpUrl: need('SMTP_URL'),
    mailApiUrl: need('MAIL_API_URL'),
    controlUrl: need('STACK_CONTROL_URL'),
    replicationFactor: Number(process.env.STACK_REPLICATION_FACTOR ?? '1'),
    toxiproxyUrl: process.env.TOXIPROXY_URL || undefined,
  };
}

/** A name no other test (or earlier run) uses: topics, groups, databases, subjects. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Takes one stack server away (`stop`: SIGTERM, a broker's controlled shutdown; `kill`: SIGKILL) or
 * brings it back with its ports and data: `mongodb`, `smtp`, `registry` (or `schema-registry`),
 * `kafka` on one broker, `kafka-1`…`kafka-3` on three. Resolves once done.
 */
export async function controlComponent(name: string, action: 'stop' | 'kill' | 'start'): Promise<void> {
  const res = await fetch(`${stackEnv().controlUrl}/components/${name}/${action}`, { method: 'POST' });
  if (!res.ok) throw new Error(`stack control ${action} ${name}: ${res.status} ${await res.text()}`);
}
