// An EntityStore with the records this process wrote or read kept in memory (a
// bounded LRU), so a request on an entity the process handled before costs no read.
// Safe because every write is still conditional on the revision: a record changed
// behind the cache (another worker bumping `_rev`, a process that lost the partition)
// makes the write conflict, which evicts it, and the engine reads it again. The
// worker clears the cache when it takes over a partition (clear()), so decisions
// that write nothing are not made on what a previous owner changed either.
import type { EntityStore, Versioned } from './entity-store';

export interface CachedEntityStore<R> extends EntityStore<R> {
  clear(): void;
  readonly size: number;
}

export function cachedEntityStore<R>(inner: EntityStore<R>, max: number): CachedEntityStore<R> {
  const cache = new Map<string, Versioned<R>>();
  const remember = (id: string, v: Versioned<R>): void => {
    cache.delete(id);
    cache.set(id, v);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
  };
  return {
    get size() {
      return cache.size;
    },
    clear: () => cache.clear(),
    async load(ids) {
      const out = new Map<string, Versioned<R>>();
      const missing: string[] = [];
      for (const id of ids) {
        const hit = cache.get(id);
        if (hit) out.set(id, hit);
        else missing.push(id);
      }
      if (missing.length > 0) {
        for (const [id, v] of await inner.load(missing)) {
          remember(id, v);
          out.set(id, v);
        }
      }
      return out;
    },
    async save(writes) {
      const conflicts = await inner.save(writes);
      for (const w of writes) {
        if (conflicts.has(w.id)) cache.delete(w.id);
        else remember(w.id, { record: w.record, revision: (w.expected ?? 0) + 1, applied: w.applied });
      }
      return conflicts;
    },
  };
}
