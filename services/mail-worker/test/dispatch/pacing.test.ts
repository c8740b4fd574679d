// The shared bounds: a batch takes every free slot up to what it needs (at least one,
// waiting for it), and as many rate tokens, waiting for the last of them.
import { RateLimiter, Slots } from '../../src/pacing';

it('acquireUpTo takes the free slots, up to the need, and waits for one when none is free', async () => {
  const slots = new Slots(3);
  const a = await slots.acquireUpTo(2);
  expect(a).toHaveLength(2);
  const b = await slots.acquireUpTo(5);
  expect(b).toHaveLength(1);
  let got: (() => void)[] | undefined;
  const waiting = slots.acquireUpTo(5).then((x) => (got = x));
  await new Promise((r) => setImmediate(r));
  expect(got).toBeUndefined();
  a[0]!();
  await waiting;
  expect(got).toHaveLength(1);
  expect(slots.inUse()).toBe(3);
  for (const r of [a[1]!, a[1]!, b[0]!, got![0]!]) r(); // releasing twice frees once
  expect(slots.inUse()).toBe(0);
});

it('takeMany spends n tokens and waits for the last', async () => {
  let now = 0;
  const limiter = new RateLimiter(1000, 5, () => now);
  const started = Date.now();
  expect(await limiter.takeMany(5)).toBe(true);
  expect(Date.now() - started).toBeLessThan(20);
  const aborted = new AbortController();
  aborted.abort();
  // 10 more at 1000/s from an empty bucket: the last is due in 10 ms; an aborted wait gives up.
  expect(await limiter.takeMany(10, aborted.signal)).toBe(false);
  now += 10_000;
  expect(await limiter.takeMany(5)).toBe(true);
});
