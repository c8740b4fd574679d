// The runtime's Codec in memory, for tests: values framed like the Confluent wire
// format (magic byte, schema id 1) around JSON text (bigint kept), and subjects
// declared with the union branches their schema has, so route checks pass.
import { MalformedError, SchemaNotRegisteredError, type Codec } from './codec';
import { fromJson, toJson } from './store/json';

const HEADER = Buffer.from([0, 0, 0, 0, 1]);

/** The bytes a producer would send for `value`. */
export function frame(value: unknown): Buffer {
  return Buffer.concat([HEADER, Buffer.from(toJson(value))]);
}

export class MemoryCodec implements Codec {
  /** subject → { union field → branch names } */
  constructor(private readonly subjects: Record<string, Record<string, readonly string[]>> = {}) {}

  declare(subject: string, unions: Record<string, readonly string[]> = {}): this {
    this.subjects[subject] = unions;
    return this;
  }

  async decode(bytes: Buffer, subject: string): Promise<unknown> {
    if (bytes.length < 5 || !bytes.subarray(0, 5).equals(HEADER))
      throw new MalformedError('not in the Confluent wire format (magic byte 0 + schema id)');
    if (!this.subjects[subject]) throw new MalformedError(`schema 1 is not a version of ${subject}`);
    try {
      return fromJson(bytes.subarray(5).toString('utf8'));
    } catch (err) {
      throw new MalformedError(`cannot decode: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async encode(subject: string, value: unknown): Promise<Buffer> {
    if (!this.subjects[subject]) throw new Error(`no subject ${subject}`);
    return frame(value);
  }

  /** Reads back what encode made. */
  static read<T = Record<string, unknown>>(bytes: Buffer): T {
    return fromJson<T>(bytes.subarray(5).toString('utf8'));
  }

  async pinnedSchema(subject: string): Promise<{ id: number; schema: unknown }> {
    const unions = this.subjects[subject];
    if (!unions) throw new SchemaNotRegisteredError(subject);
    const schema = {
      field: (name: string) => ({ type: { types: (unions[name] ?? []).map((n) => ({ name: `test.${n}` })) } }),
    };
    return { id: 1, schema };
  }
}
