// Group commit: an idle call goes at once; calls made while `limit` are in flight
// wait and go together as one; never more than `limit` at once; each caller gets
// its own items' results in order; one caller's failure is not another's.
import { Coalescer } from '../src/store/coalesce';

/** A run that records each batch and finishes only when released. */
function gated() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  let inFlight = 0;
  let most = 0;
  const run = async (items: number[]): Promise<string[]> => {
    batches.push(items);
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise<void>((r) => gates.push(r));
    inFlight--;
    if (items.includes(-1)) throw new Error('bad item');
    return items.map((i) => `r${i}`);
  };
  const releaseAll = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) {
      while (gates.length > 0) gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { run, batches, releaseAll, most: () => most };
}

test('with limit 1, calls made during a call go as one batch after it, each answered with its own results', async () => {
  const g = gated();
  const c = new Coalescer(g.run);
  const a = c.call([1]);
  const b = c.call([2, 3]);
  const d = c.call([4]);
  await g.releaseAll();
  expect(await a).toEqual(['r1']);
  expect(await b).toEqual(['r2', 'r3']);
  expect(await d).toEqual(['r4']);
  expect(g.batches).toEqual([[1], [2, 3, 4]]);
  expect(g.most()).toBe(1);
});

test('with limit 2, a second call goes at once; what comes while two are in flight waits and goes as one', async () => {
  const g = gated();
  const c = new Coalescer(g.run, 2);
  const calls = [c.call([1]), c.call([2]), c.call([3]), c.call([4]), c.call([5])];
  await g.releaseAll();
  expect(await Promise.all(calls)).toEqual([['r1'], ['r2'], ['r3'], ['r4'], ['r5']]);
  expect(g.batches).toEqual([[1], [2], [3, 4, 5]]);
  expect(g.most()).toBe(2);
});

test('a failed batch is run again caller by caller: only the caller with the bad item fails', async () => {
  const g = gated();
  const c = new Coalescer(g.run);
  const first = c.call([1]);
  const good = c.call([2]);
  const bad = c.call([-1]).catch((e: unknown) => e);
  await g.releaseAll();
  expect(await first).toEqual(['r1']);
  expect(await good).toEqual(['r2']);
  expect(await bad).toEqual(new Error('bad item'));
  expect(g.batches).toEqual([[1], [2, -1], [2], [-1]]);
});

test('a limit that is not a positive integer is refused', () => {
  expect(() => new Coalescer(async (i: number[]) => i, 0)).toThrow(RangeError);
  expect(() => new Coalescer(async (i: number[]) => i, 1.5)).toThrow(RangeError);
});
