// Creates the declared topics (idempotent; replication as high as the cluster has
// brokers, at most the declared 3: the stack says it in STACK_REPLICATION_FACTOR, else
// the cluster is asked, which undercounts while a broker is down) and registers every schema (refusing one that is
// not BACKWARD compatible), with the operator CLI itself, so `npm start`, the demo,
// compose's init job and an operator all provision the same way.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from '@workers/devstack';
import { replicationFactorFor } from '@workers/ops';

function ops(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(repoRoot, 'services/ops/src/cli.ts'), ...args],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ops ${args.join(' ')} exited ${code}:\n${err.trim()}`)),
    ),
  );
}

async function replicationFactor(env: NodeJS.ProcessEnv): Promise<number> {
  if (env.STACK_REPLICATION_FACTOR) return Number(env.STACK_REPLICATION_FACTOR);
  const kafka = new Kafka({
    clientId: 'provision',
    brokers: (env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return replicationFactorFor((await admin.describeCluster()).brokers.length);
  } finally {
    await admin.disconnect();
  }
}

/**
 * `prefix` names a private set of topics and subjects (the demo's), e.g. `demo-1a2b.`;
 * `partitions`, when given, replaces every topic's declared count (the bench's `--partitions`).
 */
export async function provision(env: NodeJS.ProcessEnv, prefix = '', partitions?: number): Promise<void> {
  const rf = await replicationFactor(env);
  const count = partitions === undefined ? [] : ['--partitions', String(partitions)];
  await ops(['topics', 'create', '--replication-factor', String(rf), '--prefix', prefix, ...count], env);
  await ops(['schemas', 'register', '--subject-prefix', prefix], env);
}
