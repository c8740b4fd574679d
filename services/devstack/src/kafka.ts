// Apache Kafka KRaft nodes (broker + controller each) run from the jars that
// kafka/pom.xml (beside this file) fetches from Maven Central: one node by default,
// or a cluster of three (node.id 1..3, every node a voter of the controller quorum),
// each with its own data dir and ports (kafka-config.ts says which listener is what).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Component } from './component';
import { LOG4J, serverProperties, type KafkaNodeLayout } from './kafka-config';
import {
  freePort,
  killManaged,
  managedRunning,
  runToCompletion,
  spawnLogged,
  stopManaged,
  waitUntil,
  type Managed,
} from './proc';
import { cacheDir, stackSources, type StatePaths } from './paths';

export const KAFKA_VERSION = '3.9.1';

/** Downloads the server jars once into the cache; later calls return at once. */
export async function ensureKafkaJars(logDir: string): Promise<string> {
  const lib = join(cacheDir(), `kafka-${KAFKA_VERSION}`, 'lib');
  const marker = join(lib, '.complete');
  if (existsSync(marker)) return lib;
  mkdirSync(lib, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  await runToCompletion(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(stackSources, 'kafka', 'pom.xml'),
      `-Dkafka.version=${KAFKA_VERSION}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${lib}`,
      '-DincludeScope=runtime',
    ],
    { logFile: join(logDir, 'kafka-fetch.log') },
  );
  writeFileSync(marker, new Date().toISOString());
  return lib;
}

/** A controlled shutdown moves leaders away first; a node still at it after this is killed. */
const STOP_GRACE_MS = 60_000;
/** Taking the whole cluster down at once: nodes may wait for a quorum that is leaving too. */
const CLOSE_GRACE_MS = 10_000;

export class KafkaNode implements Component {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly env: Record<string, string> = {};
  readonly nodeId: number;
  version: string;
  private proc?: Managed;
  private formatted = false;

  constructor(
    private readonly paths: StatePaths,
    private readonly layout: KafkaNodeLayout,
    private readonly cluster: KafkaNodeLayout[],
    private readonly clusterId: string,
  ) {
    const single = cluster.length === 1;
    this.nodeId = layout.nodeId;
    this.name = single ? 'kafka' : `kafka-${layout.nodeId}`;
    this.aliases = single ? ['kafka-1'] : [];
    this.version = `Apache Kafka ${KAFKA_VERSION} (KRaft, ${single ? 'single node' : `node ${layout.nodeId} of ${cluster.length}`})`;
    this.env.KAFKA_BROKERS = `127.0.0.1:${layout.ports.advertised}`;
  }

  running(): boolean {
    return managedRunning(this.proc);
  }

  pid(): number | undefined {
    return this.running() ? this.proc?.child.pid : undefined;
  }

  upstream(): string {
    return `127.0.0.1:${this.layout.ports.client}`;
  }

  /**
   * The controller quorum's leader as this node last recorded it (KRaft's own
   * `quorum-state` file in the metadata log directory), with its epoch; undefined before
   * the node has seen an election. Kafka's Metadata answer cannot say it: in KRaft its
   * controller id names a random broker.
   */
  quorumLeader(): { leaderId: number; epoch: number } | undefined {
    try {
      const file = join(this.paths.data, this.name, 'log', '__cluster_metadata-0', 'quorum-state');
      const q = JSON.parse(readFileSync(file, 'utf8')) as { leaderId?: number; leaderEpoch?: number };
      return typeof q.leaderId === 'number' && q.leaderId > 0 && typeof q.leaderEpoch === 'number'
        ? { leaderId: q.leaderId, epoch: q.leaderEpoch }
        : undefined;
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    const lib = await ensureKafkaJars(this.paths.logs);
    const dir = join(this.paths.data, this.name);
    const dataDir = join(dir, 'log');
    mkdirSync(dataDir, { recursive: true });
    const props = join(dir, 'server.properties');
    writeFileSync(props, serverProperties(this.layout, this.cluster, dataDir));
    writeFileSync(join(dir, 'log4j.properties'), LOG4J);
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    // Three JVMs share a 2-core machine with the workers: a smaller heap each.
    const heap = this.cluster.length === 1 ? ['-Xms256m', '-Xmx768m'] : ['-Xms128m', '-Xmx384m'];
    const jvm = [
      ...heap,
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
      '-cp',
      join(lib, '*'),
    ];
    if (!this.formatted) {
      // Passed as `--cluster-id=…`: a base64url id starts with '-' one time in 64, and the
      // tool's argument parser then reads `-t <id>` as a missing value and refuses to format.
      await runToCompletion(
        java,
        [
          ...jvm,
          'kafka.tools.StorageTool',
          'format',
          `--cluster-id=${this.clusterId}`,
          '-c',
          props,
          '--ignore-formatted',
        ],
        { logFile: join(this.paths.logs, `${this.name}-format.log`) },
      );
      this.formatted = true;
    }
    this.proc = spawnLogged(this.name, java, [...jvm, 'kafka.Kafka', props], {
      logDir: this.paths.logs,
      pidDir: this.paths.pids,
    });
    await this.waitReady(this.proc);
  }

  /** Ready when the cluster, asked on this node's own client port, lists this node as a live broker. */
  private async waitReady(proc: Managed): Promise<void> {
    const kafka = new Kafka({ brokers: [this.upstream()], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    await waitUntil(
      this.name,
      async () => {
        const admin = kafka.admin();
        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          return cluster.brokers.some((b) => b.nodeId === this.nodeId) && cluster.controller !== null;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      },
      {
        timeoutMs: 180_000,
        intervalMs: 500,
        failFast: () =>
          proc.child.exitCode !== null
            ? `exited ${proc.child.exitCode}; see ${this.paths.logs}/${this.name}.log`
            : undefined,
      },
    );
  }

  async stop(): Promise<void> {
    if (this.proc) await stopManaged(this.proc, STOP_GRACE_MS);
    this.proc = undefined;
  }

  async kill(): Promise<void> {
    if (this.proc) await killManaged(this.proc);
    this.proc = undefined;
  }

  async close(): Promise<void> {
    if (this.proc) await stopManaged(this.proc, CLOSE_GRACE_MS);
    this.proc = undefined;
  }
}

/**
 * The nodes of a cluster of `size`, their ports chosen now (every node's config names
 * every controller). `advertisedPort(nodeId)` gives the port clients are told to use
 * (its proxy's, under --proxy); by default the node's own client port.
 */
export async function kafkaCluster(
  paths: StatePaths,
  size: number,
  advertisedPort?: (nodeId: number) => Promise<number>,
): Promise<KafkaNode[]> {
  const layouts: KafkaNodeLayout[] = [];
  for (let nodeId = 1; nodeId <= size; nodeId++) {
    const client = await freePort();
    const internal = await freePort();
    const controller = await freePort();
    const advertised = advertisedPort ? await advertisedPort(nodeId) : client;
    layouts.push({ nodeId, ports: { client, internal, controller, advertised } });
  }
  const clusterId = randomBytes(16).toString('base64url');
  return layouts.map((l) => new KafkaNode(paths, l, layouts, clusterId));
}
