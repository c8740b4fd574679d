// The MarkedStore contract, one suite for every implementation: the in-memory store
// handler unit tests use and the MongoDB store the workers run on. A store passing
// it gives applyOnce what it relies on: unknown → null, one insert per id, writes
// conditional on the revision, applied marks kept in order and trimmed to
// MARKS_KEPT, copies in and out.
import { applyOnce, MARKS_KEPT, type AppliedMark, type MarkedStore } from '@workers/runtime';

interface Doc {
  name: string;
  tags: string[];
  count: number;
}

const mark = (requestId: string): AppliedMark => ({ requestId, outcome: { code: 'Success', entity: { id: requestId } } });
let seq = 0;
const newId = (): string => `doc-${Date.now().toString(36)}-${++seq}`;

export function markedStoreContract(name: string, open: () => Promise<MarkedStore<Doc>>, close: () => Promise<void> = async () => undefined): void {
  describe(`${name} keeps the MarkedStore contract`, () => {
    let store: MarkedStore<Doc>;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(close);

    it('an unknown id is null; one insert per id', async () => {
      const id = newId();
      expect(await store.find(id)).toBeNull();
      expect(await store.insert(id, { name: 'a', tags: ['x'], count: 1 }, 1, mark('r1'))).toBe('inserted');
      expect(await store.insert(id, { name: 'b', tags: [], count: 2 }, 1, mark('r2'))).toBe('exists');
      expect(await store.find(id)).toEqual({ record: { name: 'a', tags: ['x'], count: 1 }, revision: 1, applied: [mark('r1')] });
    });

    it('replaces only at the revision read, appending the mark', async () => {
      const id = newId();
      await store.insert(id, { name: 'a', tags: [], count: 1 }, 1, mark('r1'));
      expect(await store.replace(id, { name: 'b', tags: ['y'], count: 2 }, 1, mark('r2'))).toBe(true);
      expect(await store.replace(id, { name: 'stale', tags: [], count: 0 }, 1, mark('r3'))).toBe(false);
      expect(await store.replace(newId(), { name: 'none', tags: [], count: 0 }, 1, mark('r4'))).toBe(false);
      expect(await store.find(id)).toEqual({ record: { name: 'b', tags: ['y'], count: 2 }, revision: 2, applied: [mark('r1'), mark('r2')] });
    });

    it(`keeps the last ${MARKS_KEPT} marks, oldest dropped first`, async () => {
      const id = newId();
      await store.insert(id, { name: 'a', tags: [], count: 0 }, 1, mark('m0'));
      for (let i = 1; i <= MARKS_KEPT + 2; i++) expect(await store.replace(id, { name: 'a', tags: [], count: i }, i, mark(`m${i}`))).toBe(true);
      const found = await store.find(id);
      expect(found?.applied.map((m) => m.requestId)).toEqual(Array.from({ length: MARKS_KEPT }, (_, i) => `m${i + 3}`));
      expect(found?.revision).toBe(MARKS_KEPT + 3);
    });

    it('hands out copies: changing what find returned changes nothing stored', async () => {
      const id = newId();
      await store.insert(id, { name: 'a', tags: ['x'], count: 1 }, 1, mark('r1'));
      const found = await store.find(id);
      found!.record.tags.push('mutated');
      expect((await store.find(id))?.record.tags).toEqual(['x']);
    });

    it('with applyOnce: a request already applied gets its recorded outcome, not a second write', async () => {
      const id = newId();
      const decide = jest.fn((cur: Doc | null) => ({ outcome: { code: 'Success', entity: { count: (cur?.count ?? 0) + 1 } }, write: { name: 'n', tags: [], count: (cur?.count ?? 0) + 1 } }));
      const first = await applyOnce(store, id, 'req-a', decide);
      const again = await applyOnce(store, id, 'req-a', decide);
      expect(again).toEqual(first);
      expect(decide).toHaveBeenCalledTimes(1);
      expect((await store.find(id))?.record.count).toBe(1);
    });
  });
}
