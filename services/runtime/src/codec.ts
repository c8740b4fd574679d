// Avro values in the Confluent wire format through a schema registry. The only
// module that knows the registry client; decimals decode to bigint minor units.
//
// What is malformed and what is transient: only "no schema has this id", "this
// schema is not a version of the topic's subject" and "these bytes do not decode"
// are malformed (no retry changes them). A registry that times out, refuses
// credentials, rate-limits or cannot be reached is a transient failure: the
// message is retried, never answered with an error.
//
// A value is read with the subject's latest schema as the reader schema, resolved
// from the writer's, so a request written with an older compatible version reaches
// the worker in the shape the worker knows.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { avroLogicalTypes } from './decimal';
import { TransientError } from './transient';

export interface Codec {
  /** Decodes a value of `subject`. Throws MalformedError for bytes that are not a value of one of
   * the subject's schema versions; TransientError when the registry cannot answer. */
  decode(bytes: Buffer, subject: string): Promise<unknown>;
  encode(subject: string, value: unknown): Promise<Buffer>;
  /** Throws unless `subject` has a registered schema. */
  latestSchema(subject: string): Promise<{ id: number; schema: unknown }>;
}

/** The bytes cannot be read as a value of the topic: no retry will change that. */
export class MalformedError extends Error {
  override readonly name = 'MalformedError';
}

const statusOf = (err: unknown): number | undefined => (err as { status?: unknown }).status as number | undefined;

/** A registry failure: "not found" is the caller's answer to give; anything else is transient. */
function registryFailure(err: unknown, notFound: () => Error): Error {
  if (statusOf(err) === 404) return notFound();
  return new TransientError(`schema registry: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export interface RegistryOptions {
  url: string;
  username?: string;
  password?: string;
}

export function registryCodec(opts: RegistryOptions): Codec {
  const auth = opts.username && opts.password ? { username: opts.username, password: opts.password } : undefined;
  const registry = new SchemaRegistry(
    { host: opts.url, auth },
    { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
  );
  const latestIds = new Map<string, number>();
  const subjectsOfId = new Map<number, Set<string>>();
  const resolvers = new Map<string, { read(buf: Buffer): unknown }>();
  const authHeader = auth
    ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` }
    : undefined;

  async function subjectsOf(id: number): Promise<Set<string>> {
    const known = subjectsOfId.get(id);
    if (known) return known;
    const res = await fetch(`${opts.url.replace(/\/$/, '')}/schemas/ids/${id}/versions`, {
      headers: authHeader,
      signal: AbortSignal.timeout(10_000),
    }).catch((err: unknown) => Promise.reject(new TransientError(`schema registry: ${String(err)}`, { cause: err })));
    if (res.status === 404) throw new MalformedError(`no schema has id ${id}`);
    if (!res.ok) throw new TransientError(`schema registry: ${res.status} for /schemas/ids/${id}/versions`);
    const subjects = new Set(((await res.json()) as { subject: string }[]).map((u) => u.subject));
    subjectsOfId.set(id, subjects);
    return subjects;
  }

  async function latestId(subject: string, refresh = false): Promise<number> {
    const cached = latestIds.get(subject);
    if (cached !== undefined && !refresh) return cached;
    const id = await registry.getLatestSchemaId(subject).catch((err: unknown) => {
      throw registryFailure(err, () => new TransientError(`subject ${subject} has no schema`));
    });
    latestIds.set(subject, id);
    return id;
  }

  async function schemaById(id: number): Promise<avro.Type> {
    return (await registry.getSchema(id).catch((err: unknown) => {
      throw registryFailure(err, () => new MalformedError(`no schema has id ${id}`));
    })) as unknown as avro.Type;
  }

  /** A reader of values written with schema `writerId`, in the shape of the subject's latest schema. */
  async function readerFor(subject: string, writerId: number): Promise<{ read(buf: Buffer): unknown }> {
    const key = `${subject}\u0000${writerId}`;
    const known = resolvers.get(key);
    if (known) return known;
    if (!(await subjectsOf(writerId)).has(subject))
      throw new MalformedError(`schema ${writerId} is not a version of ${subject}`);
    // A writer newer than the reader we know means a version was registered since.
    let readerId = await latestId(subject);
    if (writerId > readerId) readerId = await latestId(subject, true);
    const writer = await schemaById(writerId);
    const reader = readerId === writerId ? writer : await schemaById(readerId);
    const resolver = reader === writer ? undefined : reader.createResolver(writer);
    const r = {
      read: (buf: Buffer): unknown => (resolver ? reader.fromBuffer(buf, resolver) : writer.fromBuffer(buf)),
    };
    resolvers.set(key, r);
    return r;
  }

  return {
    async decode(bytes, subject) {
      if (bytes.length < 5 || bytes[0] !== 0)
        throw new MalformedError('not in the Confluent wire format (magic byte 0 + schema id)');
      const reader = await readerFor(subject, bytes.readInt32BE(1));
      try {
        return reader.read(bytes.subarray(5));
      } catch (err) {
        throw new MalformedError(`cannot decode: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    async encode(subject, value) {
      const id = await latestId(subject);
      await schemaById(id);
      return registry.encode(id, value);
    },
    async latestSchema(subject) {
      const id = await latestId(subject, true);
      return { id, schema: await schemaById(id) };
    },
  };
}
