// The Kafka client of the CLI, configured like the workers' transport (brokers, TLS,
// SASL) but failing fast: an operator waits at a prompt, not a supervisor.
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { OpsConfig } from '../config';

function sasl(c: OpsConfig): SASLOptions | undefined {
  if (!c.KAFKA_SASL_MECHANISM || !c.KAFKA_SASL_USERNAME || !c.KAFKA_SASL_PASSWORD) return undefined;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = c;
  switch (c.KAFKA_SASL_MECHANISM) {
    case 'plain': return { mechanism: 'plain', username, password };
    case 'scram-sha-256': return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512': return { mechanism: 'scram-sha-512', username, password };
  }
}

/** Needs KAFKA_BROKERS (loadOpsConfig checked it when the command declared it needs Kafka). */
export function kafkaClient(c: OpsConfig): Kafka {
  if (!c.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not configured');
  return new Kafka({
    clientId: c.KAFKA_CLIENT_ID ?? 'ops',
    brokers: c.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    ssl: c.KAFKA_SSL,
    sasl: sasl(c),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
}
