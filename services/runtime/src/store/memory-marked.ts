// MarkedStore in memory, with the Mongo one's semantics (for unit tests of handlers).
import type { AppliedMark, Marked, MarkedStore } from './marked';
import { MARKS_KEPT } from './mongo-marked';

export function memoryMarkedStore<T>(): MarkedStore<T> & { all(): Map<string, Marked<T>> } {
  const docs = new Map<string, Marked<T>>();
  const copy = <X>(x: X): X => structuredClone(x);
  return {
    all: () => docs,
    async find(id) {
      const d = docs.get(id);
      return d ? copy(d) : null;
    },
    async insert(id, record, revision, mark: AppliedMark) {
      if (docs.has(id)) return 'exists';
      docs.set(id, { record: copy(record), revision, applied: [copy(mark)] });
      return 'inserted';
    },
    async replace(id, record, revision, mark) {
      const d = docs.get(id);
      if (!d || d.revision !== revision) return false;
      docs.set(id, { record: copy(record), revision: revision + 1, applied: [...d.applied, copy(mark)].slice(-MARKS_KEPT) });
      return true;
    },
  };
}
