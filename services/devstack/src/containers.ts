// Where a container engine answers, Kafka and MongoDB run as the official images
// through testcontainers instead of native processes; the registry and the SMTP
// sink stay in-process either way (they are ours). STACK_NATIVE=1 forces native.
import { spawnSync } from 'node:child_process';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { Component } from './component';
import { freePort } from './proc';

export async function containerEngineAnswers(): Promise<boolean> {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

class ContainerComponent implements Component {
  readonly env: Record<string, string> = {};
  version: string;
  private started?: StartedTestContainer;
  private hostPort = 0;

  constructor(
    readonly name: string,
    private readonly image: string,
    private readonly containerPort: number,
    private readonly build: (c: GenericContainer, hostPort: number) => GenericContainer,
    private readonly endpoint: (hostPort: number) => Record<string, string>,
  ) {
    this.version = image;
  }

  running(): boolean {
    return this.started !== undefined;
  }

  async start(): Promise<void> {
    if (!this.hostPort) this.hostPort = await freePort();
    const base = new GenericContainer(this.image).withExposedPorts({
      container: this.containerPort,
      host: this.hostPort,
    });
    this.started = await this.build(base, this.hostPort).start();
    Object.assign(this.env, this.endpoint(this.hostPort));
  }

  async stop(): Promise<void> {
    await this.started?.stop();
    this.started = undefined;
  }
}

export function containerComponents(): { kafka: Component; mongodb: Component } {
  const kafka = new ContainerComponent(
    'kafka',
    'apache/kafka:3.9.1',
    9092,
    (c, port) =>
      c
        .withEnvironment({
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        })
        .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/)),
    (port) => ({ KAFKA_BROKERS: `127.0.0.1:${port}` }),
  );
  const mongodb = new ContainerComponent(
    'mongodb',
    'mongo:7',
    27017,
    (c) => c.withWaitStrategy(Wait.forListeningPorts()),
    (port) => ({ MONGODB_URI: `mongodb://127.0.0.1:${port}/`, MONGODB_DB: process.env.MONGODB_DB ?? 'workers' }),
  );
  return { kafka, mongodb };
}
