// randomId gives 128-bit ids as 32 hex characters, never the same twice, across refills of its pool.
import { randomId } from '../src/random-id';

test('ids are 32 lower-case hex characters and distinct across several pool refills', () => {
  const ids = Array.from({ length: 2_000 }, randomId);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
