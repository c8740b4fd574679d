// The entity cache spares reads of what the process wrote or read, stays within its
// byte budget (oldest out first), forgets an entity whose write lost a race and
// everything on clear() (a partition taken over), and reports its hits, misses and size.
import { memoryEntityStore } from '../src';
import { cachedEntityStore, entityCacheBytes } from '../src/store/cached';

const write = (id: string, text: string, expected: number | null = null) => ({
  id,
  record: { text },
  expected,
  applied: [],
});

test('a written entity is read from memory; a conflict and clear() send reads to the store again', async () => {
  const inner = memoryEntityStore<{ text: string }>();
  const c = cachedEntityStore(inner, 1_000_000);
  await c.save([write('a', 'x')]);
  expect((await c.load(['a'])).get('a')).toMatchObject({ record: { text: 'x' }, revision: 1 });
  expect(inner.calls.load).toBe(0);
  inner.concurrentWrite('a', () => ({ text: 'changed elsewhere' }));
  expect(await c.save([write('a', 'y', 1)])).toEqual(new Set(['a']));
  expect((await c.load(['a'])).get('a')).toMatchObject({ record: { text: 'changed elsewhere' }, revision: 2 });
  expect(inner.calls.load).toBe(1);
  c.clear();
  await c.load(['a']);
  expect(inner.calls.load).toBe(2);
});

test('stays within its byte budget, dropping the least recently used first; an entity too large for it is not kept', async () => {
  const inner = memoryEntityStore<{ text: string }>();
  const c = cachedEntityStore(inner, 2_000);
  for (let i = 0; i < 20; i++) await c.save([write(`e${i}`, 'x'.repeat(50))]);
  expect(c.size).toBeLessThan(20);
  expect(c.size).toBeGreaterThan(5);
  await c.load(['e19']);
  expect(inner.calls.load).toBe(0);
  await c.load(['e0']);
  expect(inner.calls.load).toBe(1);
  await c.save([write('big', 'x'.repeat(5_000))]);
  expect((await c.load(['big'])).size).toBe(1);
  expect(inner.calls.load).toBe(2);
});

test('reports each load as hits and misses, and the bytes it holds', async () => {
  const inner = memoryEntityStore<{ text: string }>();
  const seen: [number, number][] = [];
  const c = cachedEntityStore(inner, 1_000_000, (hits, misses) => seen.push([hits, misses]));
  expect(c.bytes).toBe(0);
  await c.save([write('a', 'x'), write('b', 'y')]);
  await inner.save([write('c', 'z')]);
  await c.load(['a', 'b', 'c', 'missing']);
  await c.load(['c']);
  expect(seen).toEqual([
    [2, 2],
    [1, 0],
  ]);
  expect(c.bytes).toBeGreaterThan(0);
  c.clear();
  expect(c.bytes).toBe(0);
});

test("ENTITY_CACHE_MB is the process's budget, shared evenly by its stores", () => {
  expect(entityCacheBytes(16, 1)).toBe(16 * 1_048_576);
  expect(entityCacheBytes(16, 2)).toBe(8 * 1_048_576);
  expect(entityCacheBytes(16, 0)).toBe(0);
  expect(entityCacheBytes(0, 2)).toBe(0);
});
