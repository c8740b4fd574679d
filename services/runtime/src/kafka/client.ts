// The one place a kafkajs client is configured (brokers, TLS, SASL, logging, retries),
// for the workers, the operator CLI and the console alike. A worker keeps the
// default retries (a supervisor waits); the CLI passes few and a short connection
// timeout (an operator waits at a prompt).
import '../produce-fix';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { kafkaLogCreator } from '../kafka-log';
import { cacheKafkajsCoordinators } from './coordinator-cache';
import { fetchPastDeadBrokers } from './fetch-past-dead-brokers';
import { heartbeatPastDeadCoordinator } from './heartbeat-past-dead-coordinator';
import type { Logger } from '../logger';

export interface KafkaSettings {
  KAFKA_BROKERS: string;
  KAFKA_SSL: boolean;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

export function saslOptions(c: KafkaSettings): SASLOptions | undefined {
  if (!c.KAFKA_SASL_MECHANISM || !c.KAFKA_SASL_USERNAME || !c.KAFKA_SASL_PASSWORD) return undefined;
  return {
    mechanism: c.KAFKA_SASL_MECHANISM,
    username: c.KAFKA_SASL_USERNAME,
    password: c.KAFKA_SASL_PASSWORD,
  } as SASLOptions;
}

export interface KafkaClientOptions {
  /** Where the client's own warnings go; without it the client logs nothing. */
  logger?: Logger;
  /** Retries of a failed request (default 8). */
  retries?: number;
  /** How long a connection attempt may take (kafkajs's default 1000 ms otherwise). */
  connectionTimeoutMs?: number;
}

export function kafkaClient(c: KafkaSettings, clientId: string, opts: KafkaClientOptions = {}): Kafka {
  cacheKafkajsCoordinators();
  fetchPastDeadBrokers();
  heartbeatPastDeadCoordinator();
  return new Kafka({
    clientId,
    brokers: c.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    ssl: c.KAFKA_SSL,
    sasl: saslOptions(c),
    logLevel: opts.logger ? logLevel.WARN : logLevel.NOTHING,
    ...(opts.logger ? { logCreator: kafkaLogCreator(opts.logger) } : {}),
    ...(opts.connectionTimeoutMs ? { connectionTimeout: opts.connectionTimeoutMs } : {}),
    retry: { retries: opts.retries ?? 8, initialRetryTime: 200, maxRetryTime: 5000 },
  });
}
