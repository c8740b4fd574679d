// The one place a kafkajs client is configured (brokers, TLS, SASL, logging), for
// the workers and the operator tools alike.
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { kafkaLogCreator } from '../kafka-log';
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
  return { mechanism: c.KAFKA_SASL_MECHANISM, username: c.KAFKA_SASL_USERNAME, password: c.KAFKA_SASL_PASSWORD } as SASLOptions;
}

export function kafkaClient(c: KafkaSettings, clientId: string, opts: { logger?: Logger; retries?: number } = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: c.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    ssl: c.KAFKA_SSL,
    sasl: saslOptions(c),
    logLevel: opts.logger ? logLevel.WARN : logLevel.NOTHING,
    ...(opts.logger ? { logCreator: kafkaLogCreator(opts.logger) } : {}),
    retry: { retries: opts.retries ?? 8, initialRetryTime: 200, maxRetryTime: 5000 },
  });
}
