// Avro values in the Confluent wire format through a schema registry. The only
// module that knows the registry client; decimals decode to bigint minor units.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { avroLogicalTypes } from './decimal';
import { TransientError } from './transient';

export interface Codec {
  /** Throws MalformedError for bytes that are not a valid framed value; TransientError when the registry is unreachable. */
  decode(bytes: Buffer): Promise<unknown>;
  encode(subject: string, value: unknown): Promise<Buffer>;
  /** Throws unless `subject` has a registered schema. */
  latestSchema(subject: string): Promise<{ id: number; schema: unknown }>;
}

/** The bytes cannot be read as a request: no retry will change that. */
export class MalformedError extends Error {
  override readonly name = 'MalformedError';
}

function isRegistryDown(err: unknown): boolean {
  const e = err as { status?: number; code?: string; cause?: { code?: string } };
  return (e.status !== undefined && e.status >= 500) || e.code === 'ECONNREFUSED' || e.cause?.code === 'ECONNREFUSED'
    || /ECONNREFUSED|ECONNRESET|socket hang up|fetch failed/i.test(String(err));
}

export function registryCodec(opts: { url: string; username?: string; password?: string }): Codec {
  const auth = opts.username && opts.password ? { username: opts.username, password: opts.password } : undefined;
  const registry = new SchemaRegistry({ host: opts.url, auth }, { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } });
  const ids = new Map<string, number>();

  return {
    async decode(bytes) {
      if (bytes.length < 5 || bytes[0] !== 0) throw new MalformedError('not in the Confluent wire format (magic byte 0 + schema id)');
      try {
        return await registry.decode(bytes);
      } catch (err) {
        if (isRegistryDown(err)) throw new TransientError(`schema registry unreachable: ${String(err)}`, { cause: err });
        throw new MalformedError(`cannot decode: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    async encode(subject, value) {
      try {
        let id = ids.get(subject);
        if (id === undefined) {
          id = await registry.getLatestSchemaId(subject);
          ids.set(subject, id);
        }
        return await registry.encode(id, value);
      } catch (err) {
        if (isRegistryDown(err)) throw new TransientError(`schema registry unreachable: ${String(err)}`, { cause: err });
        throw err;
      }
    },
    async latestSchema(subject) {
      const id = await registry.getLatestSchemaId(subject);
      ids.set(subject, id);
      const schema = await registry.getSchema(id);
      return { id, schema };
    },
  };
}
