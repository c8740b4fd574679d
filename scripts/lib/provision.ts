// Creates the declared topics (idempotent; replication as high as the cluster has
// brokers, at most the declared 3) and registers every schema (refusing one that is
// not BACKWARD compatible), with the operator CLI itself, so `npm start`, the demo,
// compose's init job and an operator all provision the same way.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from '@workers/devstack';

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

/** `prefix` names a private set of topics and subjects (the demo's), e.g. `demo-1a2b.`. */
export async function provision(env: NodeJS.ProcessEnv, prefix = ''): Promise<void> {
  const kafka = new Kafka({
    clientId: 'provision',
    brokers: (env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const brokers = (await admin.describeCluster()).brokers.length;
  await admin.disconnect();
  await ops(['topics', 'create', '--replication-factor', String(Math.min(3, brokers)), '--prefix', prefix], env);
  await ops(['schemas', 'register', '--subject-prefix', prefix], env);
}
