// The Kafka client of the CLI: the runtime's client factory (brokers, TLS, SASL as
// the workers configure them), failing fast: an operator waits at a prompt, not a
// supervisor.
import type { Kafka } from 'kafkajs';
import { kafkaClient as runtimeClient, type KafkaSettings } from '@workers/runtime';
import type { OpsConfig } from '../config';

/** The Kafka settings of the configuration; needs KAFKA_BROKERS (loadOpsConfig checked it when the command declared it needs Kafka). */
export function kafkaSettings(c: OpsConfig): KafkaSettings {
  if (!c.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not configured');
  return { ...c, KAFKA_BROKERS: c.KAFKA_BROKERS };
}

export function kafkaClient(c: OpsConfig): Kafka {
  return runtimeClient(kafkaSettings(c), c.KAFKA_CLIENT_ID ?? 'ops', { retries: 3, connectionTimeoutMs: 5_000 });
}
