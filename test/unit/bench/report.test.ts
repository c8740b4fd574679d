// The benchmark's report states the median of repeated bursts with their range,
// and its ratios divide medians: one lucky or unlucky burst cannot make a target.
import { spread } from '../../../scripts/bench/procstat';
import { report, type Results } from '../../../scripts/bench/report';
import type { WorkerRun } from '../../../scripts/bench/run-worker';

test('spread gives the median and the range, whatever the order', () => {
  expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
  expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, count: 4 });
  expect(spread([7])).toEqual({ median: 7, min: 7, max: 7, count: 1 });
});

test('the worker table shows the median burst with its range, and the ratio of medians', () => {
  const bursts = spread([2_400, 3_000, 2_700]);
  const run: WorkerRun = {
    label: 'card',
    requests: 20_000,
    bursts,
    burstRate: bursts.median,
    pacedRate: 1_350,
    pacedAchieved: 1_340,
    latency: { p50: 200, p95: 300, p99: 400, max: 500 },
    peakRssMb: 150,
    cpuPer1000: { worker: 0.25, kafka: 0.05, database: 0.23 },
    codes: { Success: 60_000 },
    pacedSteps: {},
  };
  const res: Results = {
    date: '2026-11-30',
    cpus: 2,
    cpuModel: 'x',
    requests: 20_000,
    bursts: 3,
    naive: spread([250, 270, 260]),
    workers: [run],
  };
  const text = report(res);
  expect(text).toContain('20,000 requests per burst, 3 bursts each');
  expect(text).toContain('**260 req/s** (250–270)');
  expect(text).toContain('| card | **2,700 req/s** (2,400–3,000) | 10.4× |');
});
