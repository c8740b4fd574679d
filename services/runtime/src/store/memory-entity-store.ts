// EntityStore in memory, with the MongoDB store's semantics (for unit tests of the
// engine and of routes). Records are deep-copied in and out, so a caller can never
// change a stored record through a reference. `failNext(err)` makes the next call
// reject with `err`; `concurrentWrite(id, fn)` changes a record behind the engine's
// back, as another process would.
import type { EntityStore, EntityWrite, Versioned } from './entity-store';

export interface MemoryEntityStore<R> extends EntityStore<R> {
  readonly docs: Map<string, Versioned<R>>;
  failNext(err: Error): void;
  concurrentWrite(id: string, change: (record: R) => R): void;
  /** Number of load and save calls (round trips a database would make). */
  calls: { load: number; save: number };
}

export function memoryEntityStore<R>(): MemoryEntityStore<R> {
  const docs = new Map<string, Versioned<R>>();
  const copy = <X>(x: X): X => structuredClone(x);
  let failure: Error | undefined;
  const calls = { load: 0, save: 0 };
  const check = (): void => {
    const err = failure;
    failure = undefined;
    if (err) throw err;
  };
  const saveOne = (w: EntityWrite<R>): boolean => {
    const cur = docs.get(w.id);
    if (w.expected === null ? cur !== undefined : cur?.revision !== w.expected) return false;
    docs.set(w.id, { record: copy(w.record), revision: (w.expected ?? 0) + 1, applied: copy(w.applied) });
    return true;
  };
  return {
    docs,
    calls,
    failNext(err) {
      failure = err;
    },
    concurrentWrite(id, change) {
      const cur = docs.get(id);
      if (cur) docs.set(id, { ...cur, record: change(copy(cur.record)), revision: cur.revision + 1 });
    },
    async load(ids) {
      calls.load++;
      check();
      const out = new Map<string, Versioned<R>>();
      for (const id of ids) {
        const d = docs.get(id);
        if (d) out.set(id, copy(d));
      }
      return out;
    },
    async save(writes) {
      calls.save++;
      check();
      return new Set(writes.filter((w) => !saveOne(w)).map((w) => w.id));
    },
  };
}
