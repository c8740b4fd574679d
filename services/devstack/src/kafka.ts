// One Apache Kafka KRaft node (broker + controller) run from the jars that
// kafka/pom.xml (beside this file) fetches from Maven Central. Tuned for a single node:
// every internal topic has replication 1 and min ISR 1, so transactions work.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Component } from './component';
import { freePort, runToCompletion, spawnLogged, stopManaged, waitUntil, type Managed } from './proc';
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

function serverProperties(dataDir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'group.initial.rebalance.delay.ms=0',
    'log.flush.interval.messages=1000000',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=WARN, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.server.KafkaServer=INFO',
  'log4j.logger.kafka.server.BrokerServer=INFO',
  '',
].join('\n');

export class KafkaNode implements Component {
  readonly name = 'kafka';
  readonly env: Record<string, string> = {};
  version = `Apache Kafka ${KAFKA_VERSION} (KRaft, single node)`;
  private proc?: Managed;
  private port = 0;
  private controllerPort = 0;
  private formatted = false;

  constructor(private readonly paths: StatePaths) {}

  running(): boolean {
    return this.proc !== undefined && this.proc.child.exitCode === null;
  }

  async start(): Promise<void> {
    const lib = await ensureKafkaJars(this.paths.logs);
    const dir = join(this.paths.data, 'kafka');
    const dataDir = join(dir, 'log');
    mkdirSync(dataDir, { recursive: true });
    if (!this.port) {
      this.port = await freePort();
      this.controllerPort = await freePort();
    }
    const props = join(dir, 'server.properties');
    writeFileSync(props, serverProperties(dataDir, this.port, this.controllerPort));
    writeFileSync(join(dir, 'log4j.properties'), LOG4J);
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const cp = join(lib, '*');
    const jvm = [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
      '-cp',
      cp,
    ];
    if (!this.formatted) {
      // Passed as `--cluster-id=…`: a base64url id starts with '-' one time in 64, and the
      // tool's argument parser then reads `-t <id>` as a missing value and refuses to format.
      const clusterId = randomBytes(16).toString('base64url');
      await runToCompletion(
        java,
        [...jvm, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', props, '--ignore-formatted'],
        { logFile: join(this.paths.logs, 'kafka-format.log') },
      );
      this.formatted = true;
    }
    this.proc = spawnLogged('kafka', java, [...jvm, 'kafka.Kafka', props], {
      logDir: this.paths.logs,
      pidDir: this.paths.pids,
    });
    this.env.KAFKA_BROKERS = `127.0.0.1:${this.port}`;
    const kafka = new Kafka({ brokers: [this.env.KAFKA_BROKERS], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const proc = this.proc;
    await waitUntil(
      'kafka',
      async () => {
        const admin = kafka.admin();
        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          return cluster.brokers.length > 0 && cluster.controller !== null;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      },
      {
        timeoutMs: 90_000,
        intervalMs: 500,
        failFast: () =>
          proc.child.exitCode !== null ? `exited ${proc.child.exitCode}; see ${this.paths.logs}/kafka.log` : undefined,
      },
    );
  }

  async stop(): Promise<void> {
    if (this.proc) await stopManaged(this.proc, 20_000);
    this.proc = undefined;
  }
}
