// Where the benchmark (and the chaos and fuzz runs) run: the endpoints the
// environment names (a test run's stack), else the local stack (the running
// `npm run stack -- up` one, else one it starts and stops), a private set of topics and schemas per run
// (provisioned by the operator CLI under a run prefix, 6 partitions as declared),
// a private database, and the pids of the stack's Kafka and database processes.
// discard() deletes what the run made (its topics and databases): left there, they
// slowed later runs on that stack (docs/benchmarks.md#what-one-run-measures-on-one-stack).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStateDir, launch, readEnvFile, runningStack, statePaths } from '@workers/devstack';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { provision } from '../lib/provision';

export interface BenchEnv {
  env: Record<string, string>;
  prefix: string;
  pids: { kafka?: number; database?: number };
  /** Deletes the run's topics (named under its prefix) and databases (named after MONGODB_DB); never throws. */
  discard(): Promise<void>;
  close(): Promise<void>;
}

async function discardRun(env: Record<string, string>, prefix: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'bench-discard',
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } catch {
    // Best effort: a run's result never depends on its clean-up.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const mongo = new MongoClient(env.MONGODB_URI!, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { databases } = await mongo.db().admin().listDatabases({ nameOnly: true });
    for (const d of databases) if (d.name.startsWith(env.MONGODB_DB!)) await mongo.db(d.name).dropDatabase();
  } catch {
    // Best effort, as above.
  } finally {
    await mongo.close().catch(() => undefined);
  }
}

function pidOf(stateDir: string, name: string): number | undefined {
  const file = join(statePaths(stateDir).pids, `${name}.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

/** What a run needs of a stack, fault control included; all set in the environment means "use these". */
const ENDPOINTS = [
  'KAFKA_BROKERS',
  'SCHEMA_REGISTRY_URL',
  'MONGODB_URI',
  'SMTP_URL',
  'MAIL_API_URL',
  'STACK_CONTROL_URL',
];

/** The stack a run needs: Kafka nodes, and Toxiproxy in front of every server (for network faults). */
export interface StackShape {
  brokers: number;
  proxy: boolean;
}

/** Whether a stack's endpoints have `shape` (as many brokers, and Toxiproxy when asked for). */
const hasShape = (env: Record<string, string>, shape: StackShape): boolean =>
  (env.KAFKA_BROKERS ?? '').split(',').length >= shape.brokers && (!shape.proxy || !!env.TOXIPROXY_URL);

export async function benchEnv(
  say: (line: string) => void,
  mongodbUri?: string,
  label = 'bench',
  shape: StackShape = { brokers: 1, proxy: false },
): Promise<BenchEnv> {
  let stateDir = defaultStateDir;
  let close = async (): Promise<void> => undefined;
  const keys = shape.proxy ? [...ENDPOINTS, 'TOXIPROXY_URL'] : ENDPOINTS;
  const configured = keys.every((k) => process.env[k]) && hasShape(process.env as Record<string, string>, shape);
  const running = runningStack(stateDir)?.env;
  let env = configured
    ? Object.fromEntries(keys.map((k) => [k, process.env[k]!]))
    : running && hasShape(running, shape)
      ? running
      : undefined;
  if (configured) {
    say(`using the stack the environment names (${process.env.KAFKA_BROKERS})`);
  } else if (env) {
    say(`using the running local stack (${statePaths(stateDir).envFile})`);
  } else {
    const shaped = shape.brokers > 1 || shape.proxy;
    stateDir = join(defaultStateDir, shaped ? `${label}-${shape.brokers}b${shape.proxy ? '-proxy' : ''}` : label);
    say(
      `starting a local stack for the ${label} run${shaped ? ` (${shape.brokers} brokers${shape.proxy ? ', Toxiproxy in front of every server' : ''})` : ''}…`,
    );
    const launched = await launch(stateDir, 'attached', shape);
    env = readEnvFile(statePaths(stateDir).envFile) ?? launched.env;
    close = async () => {
      launched.child.kill('SIGTERM');
      await new Promise((r) => launched.child.once('exit', r));
    };
  }
  const prefix = `${label}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}.`;
  await provision({ ...process.env, ...env }, prefix);
  const database = mongodbUri || configured ? undefined : pidOf(stateDir, 'mongodb');
  const runEnv = {
    ...env,
    ...(mongodbUri ? { MONGODB_URI: mongodbUri } : {}),
    MONGODB_DB: `${label}_${prefix.replace(/[^a-z0-9]/g, '_')}`,
  };
  return {
    env: runEnv,
    prefix,
    discard: () => discardRun(runEnv, prefix),
    pids: { kafka: configured ? undefined : pidOf(stateDir, 'kafka'), database },
    close,
  };
}
