// Avro values in the Confluent wire format (magic byte 0, 4-byte schema id, body),
// through @kafkajs/confluent-schema-registry like the runtime's codec, but with the
// CLI's types (avro/types.ts) so values convert to and from operator JSON.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import type { OpsConfig } from '../config';
import { toJson } from '../avro/to-json';
import { opsLogicalTypes } from '../avro/types';

export type Decoded = { value: unknown } | { error: string };

export interface ValueCodec {
  /** The latest schema registered under `subject`; throws (the registry's message) when there is none. */
  latest(subject: string): Promise<{ id: number; type: avro.Type }>;
  /** Throws when `value` does not fit schema `id`, naming the bad paths. */
  encode(id: number, value: unknown): Promise<Buffer>;
  /** Never throws: bytes that cannot be decoded (framing, unknown id, registry down, bad body) give an error text. */
  decodeJson(bytes: Buffer): Promise<Decoded>;
}

export function valueCodec(c: OpsConfig): ValueCodec {
  if (!c.SCHEMA_REGISTRY_URL) throw new Error('SCHEMA_REGISTRY_URL is not configured');
  const auth =
    c.SCHEMA_REGISTRY_USERNAME && c.SCHEMA_REGISTRY_PASSWORD
      ? { username: c.SCHEMA_REGISTRY_USERNAME, password: c.SCHEMA_REGISTRY_PASSWORD }
      : undefined;
  const registry = new SchemaRegistry(
    { host: c.SCHEMA_REGISTRY_URL, auth, retry: { retries: 1 } },
    { [SchemaType.AVRO]: { logicalTypes: opsLogicalTypes } },
  );

  const typeOf = async (id: number): Promise<avro.Type> => {
    const schema: unknown = await registry.getSchema(id);
    if (!(schema instanceof avro.Type)) throw new Error(`schema ${id} is not Avro`);
    return schema;
  };

  return {
    async latest(subject) {
      const id = await registry.getLatestSchemaId(subject);
      return { id, type: await typeOf(id) };
    },
    encode: (id, value) => registry.encode(id, value),
    async decodeJson(bytes) {
      if (bytes.length < 5 || bytes[0] !== 0)
        return { error: 'not in the Confluent wire format (magic byte 0 + schema id)' };
      try {
        const type = await typeOf(bytes.readInt32BE(1));
        return { value: toJson(type, type.fromBuffer(bytes.subarray(5))) };
      } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
