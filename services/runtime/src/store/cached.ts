// An EntityStore with the records this process wrote or read kept in memory (an
// LRU bounded in bytes, as estimated from each record's JSON length: a contact's
// body may be 10,000 characters, a card is a few hundred), so a request on an
// entity the process handled before costs no read.
// Safe because every write is still conditional on the revision: a record changed
// behind the cache (another worker bumping `_rev`, a process that lost the partition)
// makes the write conflict, which evicts it, and the engine reads it again. The
// worker clears the cache when it takes over a partition (clear()), so decisions
// that write nothing are not made on what a previous owner changed either.
import type { EntityStore, Versioned } from './entity-store';

export interface CachedEntityStore<R> extends EntityStore<R> {
  clear(): void;
  readonly size: number;
  /** The estimated bytes it holds (at most its budget). */
  readonly bytes: number;
}

/**
 * Each store's share of ENTITY_CACHE_MB, a budget for the whole process: the memory a
 * deployment sizes is a process's, however many stores it has (the contact worker has two:
 * docs/benchmarks.md#entity-cache-budget-per-process).
 */
export function entityCacheBytes(megabytes: number, stores: number): number {
  return stores > 0 ? Math.floor((megabytes * 1_048_576) / stores) : 0;
}

/** Told of each load: how many ids were found in memory and how many were read from the store. */
export type LookupReport = (hits: number, misses: number) => void;

/** Bytes a value holds in memory, roughly (strings one byte a character, 16 per other value, 48 per object): a walk that allocates nothing. */
function sizeOf(v: unknown, depth = 0): number {
  if (typeof v === 'string') return 16 + v.length;
  if (v === null || typeof v !== 'object') return 16;
  if (depth > 8) return 1_000;
  let n = 48;
  if (Array.isArray(v)) for (const x of v) n += sizeOf(x, depth + 1);
  else
    for (const k in v as Record<string, unknown>)
      n += 16 + k.length + sizeOf((v as Record<string, unknown>)[k], depth + 1);
  return n;
}

const estimate = (v: Versioned<unknown>): number => sizeOf(v.record) + sizeOf(v.applied);

export function cachedEntityStore<R>(
  inner: EntityStore<R>,
  maxBytes: number,
  onLookup: LookupReport = () => undefined,
): CachedEntityStore<R> {
  const cache = new Map<string, { v: Versioned<R>; bytes: number }>();
  let bytes = 0;
  const forget = (id: string): void => {
    const e = cache.get(id);
    if (e) bytes -= e.bytes;
    cache.delete(id);
  };
  const remember = (id: string, v: Versioned<R>): void => {
    forget(id);
    const size = estimate(v);
    if (size > maxBytes / 10) return;
    cache.set(id, { v, bytes: size });
    bytes += size;
    while (bytes > maxBytes) forget(cache.keys().next().value as string);
  };
  return {
    get size() {
      return cache.size;
    },
    get bytes() {
      return bytes;
    },
    clear: () => {
      cache.clear();
      bytes = 0;
    },
    async load(ids) {
      const out = new Map<string, Versioned<R>>();
      const missing: string[] = [];
      for (const id of ids) {
        const hit = cache.get(id);
        if (hit) out.set(id, hit.v);
        else missing.push(id);
      }
      onLookup(out.size, missing.length);
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
        if (conflicts.has(w.id)) forget(w.id);
        else remember(w.id, { record: w.record, revision: (w.expected ?? 0) + 1, applied: w.applied });
      }
      return conflicts;
    },
  };
}
