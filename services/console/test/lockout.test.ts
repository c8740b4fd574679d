// Failed sign-ins per client: free failures, then a lockout that doubles up to a cap;
// another client is not affected; a success forgives.
import { FREE_FAILURES, Lockout, MAX_LOCK_MS } from '../src/domain/lockout';

test('doubling lockout after the free failures, capped, per client; a success forgives', () => {
  const l = new Lockout();
  let now = 1_000_000;
  for (let i = 0; i < FREE_FAILURES; i++) expect(l.failed('a', now)).toBe(0);
  expect(l.waitMs('a', now)).toBe(0);
  expect([1, 2, 3, 4].map(() => l.failed('a', now))).toEqual([1000, 2000, 4000, 8000]);
  expect(l.waitMs('a', now + 3000)).toBe(5000);
  expect(l.waitMs('b', now)).toBe(0);
  for (let i = 0; i < 30; i++) expect(l.failed('a', now)).toBeLessThanOrEqual(MAX_LOCK_MS);
  expect(l.waitMs('a', now)).toBe(MAX_LOCK_MS);
  l.succeeded('a');
  expect(l.waitMs('a', now)).toBe(0);
  now += 1;
  expect(l.failed('a', now)).toBe(0);
});
