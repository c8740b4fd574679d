// While kafkajs restarts its consumer after a crash it refuses pause, resume and seek with a
// non-retriable error. The transport's own calls (a fenced partition paused, resumed by a timer;
// a seek back) must not throw then: the 3-broker chaos run of 2026-12-07 lost a process to the
// resume of a timer (an unhandled rejection) and dead-lettered a fenced chunk over the pause.
import '../src/produce-fix';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { baseConfigSchema, loadConfig } from '../src/config';
import { KafkaTransport } from '../src/kafka/kafka-transport';
import type { Logger } from '../src/logger';

const restarting = (): never => {
  throw new KafkaJSNonRetriableError('Consumer group was not initialized, consumer#run must be called first');
};

test('pause, resume and seek refused by a restarting consumer are logged, not thrown', () => {
  const config = loadConfig(baseConfigSchema, {
    KAFKA_BROKERS: '127.0.0.1:9',
    SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9',
    MONGODB_URI: 'mongodb://127.0.0.1:9',
  });
  const warned: string[] = [];
  const logger = {
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    warn: (_e: string, f?: Record<string, unknown>) => warned.push(String(f?.message)),
  } as unknown as Logger;
  const transport = new KafkaTransport(config, {
    clientId: 'c',
    groupId: 'g',
    transactionalIdPrefix: 'g',
    partitionsConcurrently: 1,
    logger,
  });
  const inside = transport as unknown as {
    consumer: unknown;
    markLost(topic: string, partition: number): void;
    resume(key: string): void;
    steer(action: string, call: (c: { seek(o: unknown): void }) => void): void;
  };
  inside.consumer = { pause: restarting, resume: restarting, seek: restarting };
  expect(() => inside.markLost('t', 0)).not.toThrow();
  expect(() => inside.resume('t:0')).not.toThrow();
  expect(() => inside.steer('seek', (c) => c.seek({ topic: 't', partition: 0, offset: '5' }))).not.toThrow();
  expect(warned).toEqual([
    'pause skipped: the consumer is restarting',
    'resume skipped: the consumer is restarting',
    'seek skipped: the consumer is restarting',
  ]);
});
