// The EntityStore contract, one suite run against every implementation (the
// in-memory one the unit tests use, MongoDB/FerretDB in the integration tests), as
// Arroyo runs one suite against each of its backends.
import type { EntityStore, EntityWrite } from '@workers/runtime';

interface Rec {
  title: string;
  n: bigint;
}

const mark = (requestId: string) => ({
  requestId,
  outcome: {
    code: 'Success',
    entity: { id: requestId },
    events: [{ topic: 't', key: 'k', value: { eventId: `e-${requestId}`, big: 7n } }],
  },
});
const insert = (id: string, title = 'a'): EntityWrite<Rec> => ({
  id,
  record: { title, n: 1n },
  expected: null,
  applied: [mark(`r-${id}`)],
});

export function entityStoreContract(name: string, make: () => Promise<EntityStore<Rec>>): void {
  describe(`${name} keeps the EntityStore contract`, () => {
    let store: EntityStore<Rec>;
    beforeEach(async () => {
      store = await make();
    });

    it('loads only what exists; an insert stores revision 1 with its marks; a second insert of an id conflicts', async () => {
      expect((await store.load(['a', 'b'])).size).toBe(0);
      expect(await store.save([insert('a'), insert('b', 'b')])).toEqual(new Set());
      const got = await store.load(['a', 'b', 'c']);
      expect([...got.keys()].sort()).toEqual(['a', 'b']);
      expect(got.get('a')).toEqual({ record: { title: 'a', n: 1n }, revision: 1, applied: [mark('r-a')] });
      expect(await store.save([insert('a', 'again'), insert('c')])).toEqual(new Set(['a']));
      expect((await store.load(['a'])).get('a')?.record.title).toBe('a');
      expect((await store.load(['c'])).size).toBe(1);
    });

    it('replaces only at the revision read; a stale write conflicts and changes nothing', async () => {
      await store.save([insert('a'), insert('b')]);
      const ok: EntityWrite<Rec> = {
        id: 'a',
        record: { title: 'a2', n: 2n },
        expected: 1,
        applied: [mark('r-a'), mark('r-a2')],
      };
      const stale: EntityWrite<Rec> = { id: 'b', record: { title: 'b2', n: 2n }, expected: 5, applied: [mark('r-b2')] };
      expect(await store.save([ok, stale])).toEqual(new Set(['b']));
      const got = await store.load(['a', 'b']);
      expect(got.get('a')).toMatchObject({ revision: 2, record: { title: 'a2', n: 2n } });
      expect(got.get('a')!.applied.map((m) => m.requestId)).toEqual(['r-a', 'r-a2']);
      expect(got.get('b')).toMatchObject({ revision: 1, record: { title: 'a' } });
    });

    it('hands out copies: changing what load returned changes nothing stored', async () => {
      await store.save([insert('a')]);
      const got = (await store.load(['a'])).get('a')!;
      got.record.title = 'changed';
      got.applied.length = 0;
      expect((await store.load(['a'])).get('a')).toMatchObject({ record: { title: 'a' }, applied: [mark('r-a')] });
    });
  });
}
