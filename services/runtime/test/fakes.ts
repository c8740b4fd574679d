// In-memory stand-ins for the registry codec and the processed-requests store,
// shared by the pipeline tests. The codec frames JSON behind the Confluent header.
import { MalformedError, type Codec } from '../src/codec';
import type { ProcessedRecord, ProcessedStore } from '../src/processed';

export const HEADER = Buffer.from([0, 0, 0, 0, 1]);
export const frame = (value: unknown): Buffer => Buffer.concat([HEADER, Buffer.from(JSON.stringify(value))]);

export class MemoryCodec implements Codec {
  readonly encoded: { subject: string; value: unknown }[] = [];
  async decode(bytes: Buffer): Promise<unknown> {
    if (bytes.length < 5 || !bytes.subarray(0, 5).equals(HEADER)) throw new MalformedError('not in the wire format');
    try {
      return JSON.parse(bytes.subarray(5).toString('utf8')) as unknown;
    } catch (err) {
      throw new MalformedError(`cannot decode: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  async encode(subject: string, value: unknown): Promise<Buffer> {
    this.encoded.push({ subject, value });
    return Buffer.from(JSON.stringify(value));
  }
  async latestSchema(): Promise<{ id: number; schema: unknown }> {
    return { id: 1, schema: {} };
  }
}

export class MemoryStore implements ProcessedStore {
  readonly records = new Map<string, ProcessedRecord>();
  puts = 0;
  async get(requestId: string): Promise<ProcessedRecord | null> {
    const r = this.records.get(requestId);
    return r ? structuredClone(r) : null;
  }
  async put(record: ProcessedRecord): Promise<ProcessedRecord> {
    this.puts++;
    const existing = this.records.get(record.requestId);
    if (existing) return structuredClone(existing);
    this.records.set(record.requestId, structuredClone(record));
    return record;
  }
  async purgeExpired(now: Date): Promise<number> {
    let n = 0;
    for (const [id, r] of this.records) if (r.expiresAt <= now) n += Number(this.records.delete(id));
    return n;
  }
}

