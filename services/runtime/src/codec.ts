// Avro values in the Confluent wire format through a schema registry, with the
// repository's schemas pinned (SPEC §7): a subject's `.avsc` from schemas/ is the
// reader schema of every value read, and values are written with the id the registry
// holds for that very schema under the subject (not whatever version is latest).
// Decimals decode to bigint minor units.
//
// Reading: the writer schema named by the message's id must be a version of the
// subject; it is resolved into the repository's schema (Avro schema resolution), so a
// value written with an older or newer compatible version reaches the worker in the
// shape the worker knows (a field it added with a default appears with that default).
//
// What is malformed, transient or refused (registry-http.ts classes the answers):
// only "no schema has this id", "this schema is not a version of the topic's subject",
// "this schema cannot be read as ours" and "these bytes do not decode" are malformed
// (no retry changes them). A registry that times out, rate-limits or cannot be reached
// is transient. A registry that refuses us (401, 403, other 4xx), or no longer holds
// our own schema when we write, throws DependencyRefusedError: nothing is answered
// or dead-lettered because of it.
import avro from 'avsc';
import { avroLogicalTypes } from './decimal';
import { RegistryNotFound, registryHttp, type RegistryHttpOptions } from './registry-http';
import { DependencyRefusedError } from './transient';

export interface Codec {
  /** Decodes a value of `subject` into the shape of the subject's pinned schema. Throws MalformedError
   * for bytes that are not a value of one of the subject's schema versions; TransientError when the
   * registry cannot answer; DependencyRefusedError when it refuses us. */
  decode(bytes: Buffer, subject: string): Promise<unknown>;
  /** Encodes with the pinned schema, framed with the id registered for it under `subject`. */
  encode(subject: string, value: unknown): Promise<Buffer>;
  /** The pinned schema of `subject` and its id under `subject`. Throws SchemaNotRegisteredError when
   * the registry does not hold that schema under `subject`. */
  pinnedSchema(subject: string): Promise<{ id: number; schema: unknown }>;
}

/** The bytes cannot be read as a value of the topic: no retry will change that. */
export class MalformedError extends Error {
  override readonly name = 'MalformedError';
}

/** The registry does not hold the repository's schema under the subject: an operator must register it. */
export class SchemaNotRegisteredError extends Error {
  override readonly name = 'SchemaNotRegisteredError';
  constructor(readonly subject: string) {
    super(`the repository's schema of ${subject} is not registered under ${subject}`);
  }
}

export interface RegistryOptions extends RegistryHttpOptions {
  /** Subject (`<topic>-value`) → the repository's schema for it, as the `.avsc` text. */
  schemas: Readonly<Record<string, string>>;
}

const MAX_ID = 2 ** 31 - 1;
const parse = (text: string): avro.Type =>
  avro.Type.forSchema(JSON.parse(text) as avro.Schema, { logicalTypes: avroLogicalTypes });
const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Caches a promise per key; a rejected one is forgotten, so the next call asks again. */
function memo<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const known = new Map<string, Promise<T>>();
  return (key) => {
    let p = known.get(key);
    if (!p) {
      p = fn(key);
      known.set(key, p);
      p.catch(() => known.delete(key));
    }
    return p;
  };
}

/** Throws a path-only message: avsc's own names the value, which may be personal data. */
function toAvro(type: avro.Type, subject: string, value: unknown): Buffer {
  try {
    return type.toBuffer(value);
  } catch {
    const paths: string[] = [];
    type.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '(root)') });
    throw new Error(`value does not fit the schema of ${subject} at: ${paths.slice(0, 10).join(', ')}`);
  }
}

export function registryCodec(opts: RegistryOptions): Codec {
  const http = registryHttp(opts);
  const pinned = new Map(Object.entries(opts.schemas).map(([subject, text]) => [subject, { text, type: parse(text) }]));

  const pinnedOf = (subject: string): { text: string; type: avro.Type } => {
    const p = pinned.get(subject);
    if (!p) throw new Error(`no repository schema is pinned for ${subject}`);
    return p;
  };

  /** POST /subjects/<subject>: "is this schema registered under this subject", and its id. */
  const pinnedId = memo(async (subject): Promise<number> => {
    const body = { schema: pinnedOf(subject).text };
    const found = await http.post(`/subjects/${encodeURIComponent(subject)}`, body).catch((err: unknown) => {
      throw err instanceof RegistryNotFound ? new SchemaNotRegisteredError(subject) : err;
    });
    return (found as { id: number }).id;
  });

  const notFoundIsMalformed = (id: string) => (err: unknown) => {
    throw err instanceof RegistryNotFound ? new MalformedError(`no schema has id ${id}`) : err;
  };
  const subjectsOf = memo(async (id): Promise<Set<string>> => {
    const usages = await http.get(`/schemas/ids/${id}/versions`).catch(notFoundIsMalformed(id));
    return new Set((usages as { subject: string }[]).map((u) => u.subject));
  });
  const writerType = memo(async (id): Promise<avro.Type> => {
    const found = (await http.get(`/schemas/ids/${id}`).catch(notFoundIsMalformed(id))) as { schema: string };
    try {
      return parse(found.schema);
    } catch (err) {
      throw new MalformedError(`schema ${id} cannot be read: ${reason(err)}`);
    }
  });

  /** Reads values written with schema `id` in the shape of the subject's pinned schema. */
  const readerFor = memo(async (key): Promise<(body: Buffer) => unknown> => {
    const [subject = '', id = ''] = key.split('\u0000');
    const reader = pinnedOf(subject).type;
    if (!(await subjectsOf(id)).has(subject)) throw new MalformedError(`schema ${id} is not a version of ${subject}`);
    const writer = await writerType(id);
    if (writer.equals(reader)) return (body) => reader.fromBuffer(body);
    let resolver: ReturnType<avro.Type['createResolver']>;
    try {
      resolver = reader.createResolver(writer);
    } catch (err) {
      throw new MalformedError(`schema ${id} cannot be read as the repository's ${subject}: ${reason(err)}`);
    }
    return (body) => reader.fromBuffer(body, resolver);
  });

  return {
    async decode(bytes, subject) {
      if (bytes.length < 5 || bytes[0] !== 0)
        throw new MalformedError('not in the Confluent wire format (magic byte 0 + schema id)');
      const id = bytes.readUInt32BE(1);
      // Never sent to the registry: its answer to 0 or to what does not fit an int is not ours to guess.
      if (id < 1 || id > MAX_ID) throw new MalformedError(`no schema has id ${id}`);
      pinnedOf(subject);
      const read = await readerFor(`${subject}\u0000${id}`);
      try {
        return read(bytes.subarray(5));
      } catch (err) {
        throw new MalformedError(`cannot decode: ${reason(err)}`);
      }
    },
    async encode(subject, value) {
      const { type } = pinnedOf(subject);
      // Checked at start; gone since (a subject deleted): a fault for an operator, not for this message.
      const id = await pinnedId(subject).catch((err: unknown) => {
        throw err instanceof SchemaNotRegisteredError
          ? new DependencyRefusedError('schema registry', err.message, { cause: err })
          : err;
      });
      const header = Buffer.alloc(5);
      header.writeUInt32BE(id, 1);
      return Buffer.concat([header, toAvro(type, subject, value)]);
    },
    async pinnedSchema(subject) {
      return { id: await pinnedId(subject), schema: pinnedOf(subject).type };
    },
  };
}
