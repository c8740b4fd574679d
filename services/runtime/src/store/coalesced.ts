// The entity and processed-request stores behind group commit (coalesce.ts): the
// partitions of one process share one round trip per step.
import type { ProcessedRecord, ProcessedStore } from '../processed';
import { processedKey } from '../processed';
import { Coalescer } from './coalesce';
import type { EntityStore, EntityWrite, Versioned } from './entity-store';

export function coalescedEntityStore<R>(inner: EntityStore<R>, limit = 1): EntityStore<R> {
  const loads = new Coalescer<string, Versioned<R> | undefined>(async (ids) => {
    const found = await inner.load([...new Set(ids)]);
    return ids.map((id) => found.get(id));
  }, limit);
  const saves = new Coalescer<EntityWrite<R>, boolean>(async (writes) => {
    const conflicts = await inner.save(writes);
    return writes.map((w) => conflicts.has(w.id));
  }, limit);
  return {
    async load(ids) {
      const out = new Map<string, Versioned<R>>();
      (await loads.call([...ids])).forEach((v, i) => {
        if (v) out.set(ids[i]!, v);
      });
      return out;
    },
    async save(writes) {
      const lost = await saves.call([...writes]);
      return new Set(writes.filter((_, i) => lost[i]).map((w) => w.id));
    },
  };
}

export function coalescedProcessedStore(inner: ProcessedStore, limit = 1): ProcessedStore {
  type Key = { topic: string; requestId: string };
  const gets = new Coalescer<Key, ProcessedRecord | undefined>(async (keys) => {
    const found = await inner.getMany(keys);
    return keys.map((k) => found.get(processedKey(k)));
  }, limit);
  const puts = new Coalescer<ProcessedRecord, ProcessedRecord>(async (records) => {
    const stored = await inner.putMany(records);
    return records.map((r) => stored.get(processedKey(r)) ?? r);
  }, limit);
  return {
    async getMany(keys) {
      const out = new Map<string, ProcessedRecord>();
      (await gets.call([...keys])).forEach((r, i) => {
        if (r) out.set(processedKey(keys[i]!), r);
      });
      return out;
    },
    async putMany(records) {
      const stored = await puts.call([...records]);
      return new Map(records.map((r, i) => [processedKey(r), stored[i]!]));
    },
    purgeExpired: (now) => inner.purgeExpired(now),
  };
}
