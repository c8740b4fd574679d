// A step that waits for its answer past SLOW_STEP_MS makes the worker not ready until
// it ends, though nothing failed (a black-holed network holds a call without an error).
import { retrying, SLOW_STEP_MS } from '../../src/engine/retry';
import type { PartitionSession } from '../../src/transport';

const session = { owned: () => true, heartbeat: async () => undefined } as unknown as PartitionSession;

function options(calls: [string, string | null][]) {
  return {
    retry: { baseMs: 10, capMs: 100 },
    signal: new AbortController().signal,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    metrics: { retries: { inc: () => undefined } } as never,
    setDegraded: (what: string, reason: string | null) => void calls.push([what, reason]),
  };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('not ready while a step has waited longer than SLOW_STEP_MS, ready again when it answers', async () => {
  const calls: [string, string | null][] = [];
  let answer: (v: string) => void = () => undefined;
  const step = retrying('read x', 't', () => new Promise<string>((r) => (answer = r)), session, options(calls));
  await jest.advanceTimersByTimeAsync(SLOW_STEP_MS - 1);
  expect(calls).toEqual([]);
  await jest.advanceTimersByTimeAsync(2);
  expect(calls).toEqual([['read x (no answer)', 'no answer']]);
  answer('done');
  await expect(step).resolves.toBe('done');
  expect(calls).toEqual([
    ['read x (no answer)', 'no answer'],
    ['read x (no answer)', null],
  ]);
});

test('a quick step never touches readiness', async () => {
  const calls: [string, string | null][] = [];
  await expect(retrying('read x', 't', async () => 1, session, options(calls))).resolves.toBe(1);
  await jest.advanceTimersByTimeAsync(SLOW_STEP_MS * 2);
  expect(calls).toEqual([]);
});
