// What every page handler may use, built once by main.ts.
import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { FieldCrypto } from '@workers/runtime';
import type { ConsoleConfig } from './config';
import type { Topology } from './domain/topology';
import type { ClusterOffsets } from './kafka/offsets';
import type { TopicIndex } from './kafka/topic-index';
import type { ConsoleLogger } from './logger';
import type { LoadedContract } from './store/contract';

export interface ConsoleDeps {
  config: ConsoleConfig;
  topology: Topology;
  kafka: Kafka;
  index: TopicIndex;
  offsets: ClusterOffsets;
  db: Db;
  /** null without EMAIL_KEY: addresses cannot be revealed. */
  crypto: FieldCrypto | null;
  /** docs/asyncapi.yaml, read at start. */
  contract: LoadedContract;
  logger: ConsoleLogger;
}
