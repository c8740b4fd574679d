// The benchmark's report states the median of repeated bursts with their range,
// and its ratios divide medians: one lucky or unlucky burst cannot make a target.
import { spread } from '../../../scripts/bench/procstat';
import { report, type Results } from '../../../scripts/bench/report';
import { verdicts } from '../../../scripts/bench/targets';
import type { WorkerRun } from '../../../scripts/bench/run-worker';

test('spread gives the median and the range, whatever the order', () => {
  expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
  expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, count: 4 });
  expect(spread([7])).toEqual({ median: 7, min: 7, max: 7, count: 1 });
});

test('the worker table shows the median burst with its range, the ratio of medians and the cache hits', () => {
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
    cacheHitRate: 0.875,
    lights: [],
    lightsSkipped: [],
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
  expect(text).toContain('**260 req/s** (250–270, 3 bursts)');
  expect(text).toContain('| card | **2,700 req/s** (2,400–3,000) | 10.4× |');
  expect(text).toContain('| 0.25 / 0.05 / 0.23 | 88 % | Success 60000 |');
});

describe("issue 10's targets", () => {
  const run = (label: string, burstRate: number, p99: number, peakRssMb: number): WorkerRun => ({
    label,
    requests: 20_000,
    bursts: spread([burstRate]),
    burstRate,
    pacedRate: burstRate / 2,
    pacedAchieved: burstRate / 2,
    latency: { p50: p99 / 2, p95: p99, p99, max: p99 },
    peakRssMb,
    cpuPer1000: { worker: 0.2, kafka: 0.03, database: 0.2 },
    codes: {},
    pacedSteps: {},
    lights: [],
    lightsSkipped: [],
  });
  const base: Results = { date: 'd', cpus: 2, cpuModel: 'x', requests: 20_000, bursts: 3, workers: [] };

  test('each target is met only when every figure it names is', () => {
    const v = verdicts({
      ...base,
      naive: spread([300]),
      workers: [run('card', 3_100, 45, 150), run('card2', 2_900, 80, 161), run('contact', 2_950, 50, 159)],
      fanout: { mailsPerSecond: 520, recipients: 4_286, limit: 1_000 },
    });
    expect(v.map((x) => [x.measured, x.met])).toEqual([
      ['3,100 req/s, 10.3×', true],
      ['2,950 req/s, 9.8×', false],
      ['card 45 ms, contact 50 ms', true],
      ['card 150 MB, card2 161 MB, contact 159 MB', false],
      ['520 mails/s', true],
    ]);
  });

  test('a card burst of 10× a slow naive worker still needs 3,000 req/s', () => {
    const [card] = verdicts({ ...base, naive: spread([250]), workers: [run('card', 2_900, 40, 100)] });
    expect(card).toMatchObject({ measured: '2,900 req/s, 11.6×', met: false });
  });

  test('a worker measured beside the naive worker is divided by the naive bursts beside its own', () => {
    // The machine slowed between the workers: the run's naive median (300) would flatter the contact
    // worker; the naive bursts taken beside it (260–270) are what its own bursts compare with.
    const card = { ...run('card', 3_100, 40, 100), naiveBeside: [310, 300, 320] };
    const contact = { ...run('contact', 2_600, 40, 100), naiveBeside: [270, 260, 265] };
    const res: Results = { ...base, naive: spread([310, 300, 320, 270, 260, 265]), workers: [card, contact] };
    expect(
      verdicts(res)
        .slice(0, 2)
        .map((x) => x.measured),
    ).toEqual(['3,100 req/s, 10.0×', '2,600 req/s, 9.8×']);
    const text = report(res);
    expect(text).toContain('| contact | **2,600 req/s** (one burst) | 9.8× (of 265) |');
    expect(text).toContain('(260–320, 6 bursts, one before each burst of each worker;');
  });

  test('a target whose parts did not run is left out, not called met', () => {
    expect(verdicts({ ...base, workers: [run('card', 3_500, 40, 100)] }).map((x) => x.target)).toEqual([
      'p99 ≤ 50 ms at half the burst rate',
      'peak RSS of a worker ≤ 160 MB during the burst',
    ]);
    expect(report(base)).not.toContain('target (issues 10 and 29)');
  });

  test('the report shows the verdicts as a table', () => {
    const text = report({ ...base, naive: spread([300]), workers: [run('card', 3_100, 400, 170)] });
    expect(text).toContain('| card mix burst ≥ 3,000 req/s and ≥ 10× the naive worker | 3,100 req/s, 10.3× | yes |');
    expect(text).toContain('| p99 ≤ 50 ms at half the burst rate | card 400 ms | **no** |');
  });
});

describe('latency at fixed rates (issue 29)', () => {
  const bursts = spread([4_000]);
  type Light = WorkerRun['lights'][number];
  const worker = (label: string, lights: Light[] = [], burstRate = 4_000): WorkerRun => ({
    label,
    requests: 20_000,
    bursts,
    burstRate,
    pacedRate: 2_000,
    pacedAchieved: 2_000,
    latency: { p50: 150, p95: 250, p99: 300, max: 320 },
    lights,
    lightsSkipped: [],
    peakRssMb: 150,
    cpuPer1000: { worker: 0.2, kafka: 0.03, database: 0.2 },
    codes: {},
    pacedSteps: {},
  });
  const base: Results = { date: 'd', cpus: 2, cpuModel: 'x', requests: 20_000, bursts: 3, workers: [] };
  const at = (rate: number, p99: number, outside?: number): Light => ({
    rate,
    achieved: rate,
    latency: { p50: 9.4, p95: 35, p99, max: 77 },
    steps: {},
    cores: { worker: 0.45, kafka: 0.44, database: 0.28, machine: 1.62 },
    ...(outside !== undefined ? { outside: { p50: 9, p95: 30, p99: outside, max: 70 } } : {}),
  });

  test('each worker paced at each fixed rate is shown beside the Kafka transport alone at that rate', () => {
    const skipped = { ...worker('contact'), lightsSkipped: [1_000] };
    const warmed = {
      ...worker('card', [at(200, 55)]),
      lightWarm: { rate: 200, latency: { p50: 30, p95: 90, p99: 128, max: 206 } },
    };
    const text = report({
      ...base,
      workers: [warmed, worker('card2'), skipped],
      lightFloors: [{ rate: 200, latency: { p50: 4, p95: 8, p99: 20, max: 54 } }],
    });
    expect(text).toContain('| card | 200/s (200 achieved) | 9 / 35 / 55 / 77 ms | 0.45 / 0.44 / 0.28 / 1.62 |');
    expect(text).toContain('| card | 200/s for 10 s, the warm-up (not counted) | 30 / 90 / 128 / 206 ms | |');
    expect(text.indexOf('the warm-up (not counted)')).toBeLessThan(text.indexOf('| card | 200/s (200 achieved)'));
    expect(text).toContain('cores busy: worker / Kafka / database / whole machine (of 2)');
    expect(text).toContain('| Kafka transport alone (the floor) | 200/s | 4 / 8 / 20 / 54 ms | |');
    expect(text).toContain('| contact | 1,000/s | not run: above 80 % of its burst | |');
    expect(text).not.toContain('| card2 | 200/s');
  });

  test("the targets read the outside reader's p99 (the bench's when it has none) and the npm start share", () => {
    const card = worker('card', [at(200, 60, 45), at(1_000, 140)]);
    const start = worker('start', [at(200, 49, 70)], 3_500);
    const v = verdicts({ ...base, workers: [card, start] });
    expect(v.find((x) => x.target.startsWith('p99 ≤ 50 ms at 200'))).toMatchObject({
      measured: 'card 45 ms (outside), start 70 ms (outside)',
      met: false,
    });
    expect(v.find((x) => x.target.startsWith('p99 ≤ 150 ms at 1,000'))).toMatchObject({
      measured: "140 ms (bench's reader)",
      met: true,
    });
    expect(v.find((x) => x.target.startsWith('card burst beside'))).toMatchObject({
      measured: '3,500 of 4,000 req/s, 88 %',
      met: false,
    });
  });

  test('a run without fixed-rate phases has no such table, and no such target', () => {
    expect(report({ ...base, workers: [worker('card')] })).not.toContain('fixed rates');
    expect(verdicts({ ...base, workers: [worker('card')] }).map((x) => x.target)).toEqual([
      'p99 ≤ 50 ms at half the burst rate',
      'peak RSS of a worker ≤ 160 MB during the burst',
    ]);
  });
});
