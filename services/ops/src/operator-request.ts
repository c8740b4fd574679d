// An operator's request (the JSON form of docs/requests/) made ready for
// @workers/client, which sends it: requestId and sentAt filled when absent, converted
// with the schema registered for the topic, and the route its operation belongs to.
// `ops request` and the demo send requests this way. Throws OpsError for what an
// operator must fix (no schema, a request that does not fit it, no route's operation).
import { type ConnectOptions, KafkaClientTransport, ROUTES, type ServiceName } from '@workers/client';
import { ConversionError, fromJson } from './avro/from-json';
import type { OpsConfig } from './config';
import { failure, usageError } from './exit';
import { kafkaClient } from './kafka/client';
import type { ValueCodec } from './registry/codec';
import { fillEnvelope } from './request-envelope';

export interface OperatorRequest {
  service: ServiceName;
  envelope: Record<string, unknown> & { requestId: string };
}

export async function operatorRequest(codec: ValueCodec, topic: string, json: unknown): Promise<OperatorRequest> {
  const { request, requestId } = fillEnvelope(json);
  const subject = `${topic}-value`;
  const schema = await codec.latest(subject).catch((err: unknown) => {
    const why = err instanceof Error ? err.message : String(err);
    throw failure(
      (err as { status?: number }).status === 404
        ? `no schema registered under ${subject}: run \`ops schemas register\``
        : `schema registry: ${why}`,
    );
  });
  let value: Record<string, unknown>;
  try {
    value = fromJson(schema.type, request) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ConversionError) throw usageError(err.message);
    throw err;
  }
  return { service: serviceOf(value), envelope: { ...value, requestId } };
}

/** The route whose namespace holds the envelope's operation (`alcs.card.LockCard` → cards). */
export function serviceOf(envelope: Record<string, unknown>): ServiceName {
  const union = envelope.operation;
  const branch = typeof union === 'object' && union !== null ? (Object.keys(union)[0] ?? '') : '';
  const services = Object.keys(ROUTES) as ServiceName[];
  const namespace = branch.slice(0, branch.lastIndexOf('.'));
  const found = services.find((s) => ROUTES[s].namespace === namespace);
  if (!found) throw usageError(`the operation ${branch || '(none)'} belongs to no request topic of the contract`);
  return found;
}

/** The client's connection from the CLI's configuration, on the CLI's fail-fast Kafka client. */
export function clientOptions(config: OpsConfig, clientId = 'ops'): ConnectOptions {
  if (!config.SCHEMA_REGISTRY_URL) throw new Error('SCHEMA_REGISTRY_URL is not configured');
  return {
    brokers: config.KAFKA_BROKERS ?? '',
    registryUrl: config.SCHEMA_REGISTRY_URL,
    registryAuth:
      config.SCHEMA_REGISTRY_USERNAME && config.SCHEMA_REGISTRY_PASSWORD
        ? { username: config.SCHEMA_REGISTRY_USERNAME, password: config.SCHEMA_REGISTRY_PASSWORD }
        : undefined,
    clientId,
    transport: new KafkaClientTransport(kafkaClient(config), `${clientId}-replies`),
  };
}
