// Group commit: outcomes that arrive together share one write, outcomes that arrive
// during a write share the next, each learns whether it was stored, and an error
// reaches every item of its write.
import { GroupWriter } from '../../src/stages/settle';

type Item = { id: string };

it('batches what arrives in one turn, then what arrives during a write', async () => {
  const writes: string[][] = [];
  let release: (() => void) | undefined;
  const w = new GroupWriter<Item>(async (items) => {
    writes.push(items.map((i) => i.id));
    if (writes.length === 1) await new Promise<void>((r) => (release = r));
    return new Set(items.map((i) => i.id).filter((id) => id !== 'b'));
  });
  const first = [w.add({ id: 'a' }), w.add({ id: 'b' })];
  await new Promise((r) => setImmediate(r));
  const later = [w.add({ id: 'c' }), w.add({ id: 'd' })];
  await new Promise((r) => setImmediate(r));
  expect(writes).toEqual([['a', 'b']]);
  release!();
  expect(await Promise.all([...first, ...later])).toEqual([true, false, true, true]);
  expect(writes).toEqual([
    ['a', 'b'],
    ['c', 'd'],
  ]);
});

it('false from the write (abandoned) stores nothing; an error rejects its items only', async () => {
  let mode: 'abandon' | 'throw' | 'ok' = 'abandon';
  const w = new GroupWriter<Item>(async (items) => {
    if (mode === 'throw') throw new Error('database says no');
    return mode === 'abandon' ? false : new Set(items.map((i) => i.id));
  });
  expect(await w.add({ id: 'a' })).toBe(false);
  mode = 'throw';
  await expect(w.add({ id: 'b' })).rejects.toThrow('database says no');
  mode = 'ok';
  expect(await w.add({ id: 'c' })).toBe(true);
});
