// ProcessedStore in memory, with the MongoDB store's semantics (first record of a
// key wins), for unit tests of the engine.
import { processedKey, type ProcessedRecord, type ProcessedStore } from '../processed';

export interface MemoryProcessedStore extends ProcessedStore {
  readonly records: Map<string, ProcessedRecord>;
  failNext(err: Error): void;
}

export function memoryProcessedStore(): MemoryProcessedStore {
  const records = new Map<string, ProcessedRecord>();
  let failure: Error | undefined;
  const check = (): void => {
    const err = failure;
    failure = undefined;
    if (err) throw err;
  };
  return {
    records,
    failNext(err) {
      failure = err;
    },
    async getMany(keys) {
      check();
      const out = new Map<string, ProcessedRecord>();
      for (const k of keys.map(processedKey)) {
        const r = records.get(k);
        if (r) out.set(k, structuredClone(r));
      }
      return out;
    },
    async putMany(batch) {
      check();
      const out = new Map<string, ProcessedRecord>();
      for (const r of batch) {
        const k = processedKey(r);
        if (!records.has(k)) records.set(k, structuredClone(r));
        out.set(k, structuredClone(records.get(k)!));
      }
      return out;
    },
    async purgeExpired(now) {
      let n = 0;
      for (const [k, r] of records) if (r.expiresAt <= now) n += Number(records.delete(k));
      return n;
    },
  };
}
