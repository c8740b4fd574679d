// The outside reader's figures come from its lines joined with the bench's send stamps by
// correlation id, a re-sent request's replies paired in order, and the report shows them beside
// the bench's own (or says why there are none).
import { spread } from '../../../scripts/bench/procstat';
import {
  addArrival,
  type Arrivals,
  expectedReplies,
  joinLatencies,
  parseReaderLine,
} from '../../../scripts/bench/outside-join';
import { report, type Results } from '../../../scripts/bench/report';
import type { WorkerRun } from '../../../scripts/bench/run-worker';

test('a reader line is READY, a reply with its read time, or nothing the reader writes', () => {
  expect(parseReaderLine('READY')).toEqual({ kind: 'ready' });
  expect(parseReaderLine('p-card-17 1765000000123.4')).toEqual({
    kind: 'reply',
    id: 'p-card-17',
    at: 1765000000123.4,
  });
  expect(parseReaderLine('p1 1765000000123')).toEqual({ kind: 'reply', id: 'p1', at: 1765000000123 });
  expect(parseReaderLine('')).toBeUndefined();
  expect(parseReaderLine('p1')).toBeUndefined();
  expect(parseReaderLine('p1 12x')).toBeUndefined();
  expect(parseReaderLine('p1 1 2')).toBeUndefined();
});

test('latencies pair each send with a reply read, in order for a re-sent request, and leave out the unmatched', () => {
  const sent = new Map([
    ['a', [1_000]],
    ['b', [1_000, 1_500]],
    ['c', [2_000]],
  ]);
  const arrivals: Arrivals = new Map();
  addArrival(arrivals, 'b', 1_040);
  addArrival(arrivals, 'a', 1_030);
  addArrival(arrivals, 'b', 1_520.5);
  addArrival(arrivals, 'z', 9_999);
  expect(expectedReplies(sent)).toBe(4);
  expect(arrivals.get('b')).toEqual([1_040, 1_520.5]);
  // c has no reply read; z was never sent.
  expect(joinLatencies(sent, arrivals)).toEqual([20.5, 30, 40]);
});

describe('the report', () => {
  const run: WorkerRun = {
    label: 'card',
    requests: 2_000,
    bursts: spread([2_400]),
    burstRate: 2_400,
    pacedRate: 1_200,
    pacedAchieved: 1_190,
    latency: { p50: 40, p95: 80, p99: 120, max: 200 },
    outside: { p50: 35, p95: 70, p99: 110, max: 190 },
    lights: [
      {
        rate: 200,
        achieved: 199,
        latency: { p50: 20, p95: 30, p99: 45, max: 60 },
        steps: {},
        cores: { worker: 0.4, kafka: 0.4, database: 0.3, machine: 1.5 },
      },
    ],
    lightsSkipped: [],
    peakRssMb: 150,
    cpuPer1000: { worker: 0.25, kafka: 0.05, database: 0.23 },
    codes: {},
    pacedSteps: {},
  };
  const res: Results = { date: 'd', cpus: 2, cpuModel: 'x', requests: 2_000, bursts: 1, workers: [run] };

  test("shows each latency phase's p50 / p99 from both readers, – where the outside one has none", () => {
    const text = report(res);
    expect(text).toContain('| card | paced at 1,200/s | 40 / 120 ms | 35 / 110 ms |');
    expect(text).toContain('| card | fixed, 200/s | 20 / 45 ms | – |');
  });

  test('says why there is no outside figure when the reader could not be installed', () => {
    const text = report({ ...res, outsideMissing: 'python3 -m venv exited 1' });
    expect(text).toContain('not measured, the outside reader could not be installed (python3 -m venv exited 1)');
    expect(text).not.toContain("| worker | phase | bench's reader | outside reader |");
  });
});
