// The chaos run's pauses count only time in which requests waited: a pause in sending
// (the sender holding its last requests) is not a pause in answering.
import { faultTable, longestPause, rate } from '../../../scripts/chaos/timeline';

test('a gap between answers counts from when something was waiting', () => {
  // sent at 0 and 10; answered at 5 and 40; nothing outstanding between 5 and 10.
  expect(longestPause([5, 40], [0, 10], 0, 100)).toEqual({ ms: 30, at: 10 });
});

test('an idle stretch with nothing sent is no pause; one still waiting at the end is', () => {
  expect(longestPause([1, 2], [0, 0], 0, 1000).ms).toBe(1);
  expect(longestPause([1], [0, 0], 0, 50)).toEqual({ ms: 49, at: 1 });
});

test('rates and the fault table', () => {
  const arrivals = Array.from({ length: 30 }, (_, i) => i * 1000);
  expect(rate(arrivals, 0, 10_000)).toBe(1);
  const lines = faultTable([{ what: 'x', at: 0.5, ms: 5_000, startedAt: 10_000 }], arrivals, [0], 0);
  expect(lines[2]).toBe('| x | 50 % | 10 | 5.0 s | 1 | 1 | 1 | 0.0 s | 0.0 s |');
});

test('the fault table tells a reader that read late from workers that answered late', () => {
  // Requests sent every 100 ms; the workers answered each 10 ms later without a pause, but the
  // reader read nothing from 20 s to 26 s (then everything that had waited).
  const sends = Array.from({ length: 400 }, (_, i) => i * 100);
  const produced = sends.map((t) => t + 10);
  const arrivals = produced.map((t) => (t >= 20_000 && t < 26_000 ? 26_000 : t));
  const [line] = faultTable(
    [{ what: 'kill', at: 0.5, ms: 10_000, startedAt: 18_000 }],
    arrivals,
    sends,
    0,
    produced,
  ).slice(2);
  expect(line).toMatch(/\| 6\.0 s \| 0\.0 s \|$/);
});
