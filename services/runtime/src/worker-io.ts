// The registry codec and the Kafka transport a worker's main.ts opens, configured the
// same way for every worker: client id KAFKA_CLIENT_ID (default: the service),
// consumer group CONSUMER_GROUP (default: the service), per-partition transactional
// ids under TRANSACTIONAL_ID_PREFIX (default: the group); the codec pins the
// repository's schemas of the service's topics (pinned-schemas.ts). Opens no connection.
import { registryCodec, type Codec } from './codec';
import type { BaseConfig } from './config';
import { KafkaTransport } from './kafka/kafka-transport';
import type { Logger } from './logger';
import { pinnedSchemas } from './pinned-schemas';

export function workerIo(
  service: string,
  config: BaseConfig,
  logger: Logger,
): { codec: Codec; transport: KafkaTransport } {
  const codec = registryCodec({
    url: config.SCHEMA_REGISTRY_URL,
    username: config.SCHEMA_REGISTRY_USERNAME,
    password: config.SCHEMA_REGISTRY_PASSWORD,
    schemas: pinnedSchemas(service, config),
  });
  const groupId = config.CONSUMER_GROUP ?? service;
  const transport = new KafkaTransport(config, {
    clientId: config.KAFKA_CLIENT_ID ?? service,
    groupId,
    transactionalIdPrefix: config.TRANSACTIONAL_ID_PREFIX ?? groupId,
    partitionsConcurrently: config.PARTITIONS_CONCURRENTLY,
    logger,
  });
  return { codec, transport };
}
