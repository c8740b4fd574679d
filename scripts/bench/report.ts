// The benchmark's results as a Markdown section: ceilings, baseline, each worker,
// the ratios worker ÷ naive and worker ÷ ceiling, and which of issue 10's targets it met.
import { CHUNK_STEPS } from '@workers/runtime';
import type { DbCeilings } from './ceilings';
import type { LatencySummary, Spread } from './procstat';
import {
  LIGHT_MAX_SHARE,
  LIGHT_SECONDS,
  LIGHT_WARM_SECONDS,
  type LightRun,
  QUIET_SECONDS,
  type WorkerRun,
} from './run-worker';
import { slowestTable } from './slowest';
import { naiveFor, verdictTable } from './targets';

export interface Results {
  date: string;
  cpus: number;
  cpuModel: string;
  requests: number;
  /** Bursts per worker and runs of the naive worker. */
  bursts: number;
  /** The workers' topics had this many partitions, not the declared count (`--partitions`). */
  partitions?: number;
  /** The runtime's tuning settings the workers inherited from the bench's environment (settings.ts). */
  settings?: Record<string, string>;
  ceilings?: { kafka: number; kafkaSingle: number; db: DbCeilings };
  /** Latency of the Kafka transport alone at the card worker's paced rate (ms). */
  floor?: { rate: number; latency: WorkerRun['latency'] };
  /** The same at each fixed rate (`--light-rates`). */
  lightFloors?: { rate: number; latency: WorkerRun['latency'] }[];
  naive?: Spread;
  fanout?: { mailsPerSecond: number; recipients: number; limit: number };
  /** Why the outside reader (scripts/bench/outside.ts) measured nothing: its install failed. */
  outsideMissing?: string;
  workers: WorkerRun[];
}

const r = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en-US');
const f = (x: number | undefined, d = 2): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const range = (x: Spread): string => (x.count > 1 ? `${r(x.min)}–${r(x.max)}` : 'one burst');
const pct = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : `${Math.round(x * 100)} %`);
const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(1)}×` : '–');

/** The chunk steps of the step table (worker_chunk_step_seconds; a run before a step existed shows –). */
const STEPS = CHUNK_STEPS;

/** Cores busy in a fixed-rate phase (a run recorded before they were measured shows –). */
const cores = (c: LightRun['cores'] | undefined): string =>
  c ? `${f(c.worker)} / ${f(c.kafka)} / ${f(c.database)} / ${f(c.machine)}` : '–';

/** The workers' settings that were not their defaults, for the heading. */
const settingsNote = (s: Record<string, string> | undefined): string => {
  const set = Object.entries(s ?? {});
  return set.length ? `; workers with ${set.map(([k, v]) => `\`${k}=${v}\``).join(', ')}` : '';
};

const ms = (l: LatencySummary): string => `${r(l.p50)} / ${r(l.p95)} / ${r(l.p99)} / ${r(l.max)} ms`;

/** Latency at the fixed rates: each worker's, and the Kafka transport's alone at the same rates. */
function lightTable(res: Results): string[] {
  const rows = res.workers.flatMap((w) => [
    ...(w.lightWarm
      ? [
          `| ${w.label} | ${r(w.lightWarm.rate)}/s for ${LIGHT_WARM_SECONDS} s, the warm-up (not counted) | ${ms(w.lightWarm.latency)} | |`,
        ]
      : []),
    ...w.lights.map(
      (l) => `| ${w.label} | ${r(l.rate)}/s (${r(l.achieved)} achieved) | ${ms(l.latency)} | ${cores(l.cores)} |`,
    ),
    ...w.lightsSkipped.map(
      (rate) => `| ${w.label} | ${r(rate)}/s | not run: above ${LIGHT_MAX_SHARE * 100} % of its burst | |`,
    ),
  ]);
  for (const f of res.lightFloors ?? [])
    rows.push(`| Kafka transport alone (the floor) | ${r(f.rate)}/s | ${ms(f.latency)} | |`);
  if (rows.length === 0) return [];
  return [
    `Latency at fixed rates production may see (${LIGHT_SECONDS} s paced, each after every earlier reply was in and ${QUIET_SECONDS} quiet seconds; the first after a warm-up of ${LIGHT_WARM_SECONDS} s at the lowest rate, its latency read by the bench's reader and not counted):`,
    '',
    `| worker | paced at | p50 / p95 / p99 / max | cores busy: worker / Kafka / database / whole machine (of ${res.cpus}) |`,
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

const p50p99 = (l: LatencySummary | undefined): string => (l ? `${r(l.p50)} / ${r(l.p99)} ms` : '–');

/** Each latency phase as the bench's kafkajs reader and as the outside librdkafka reader saw it. */
function outsideTable(res: Results): string[] {
  if (res.workers.length === 0) return [];
  const head =
    "Latency as reply consumers see it: the bench's reader (kafkajs, stamped in its batch callback) beside an outside reader (Confluent's Python client, librdkafka, read_committed, `fetch.wait.max.ms=10`, stamped as each reply is polled; scripts/bench/outside.ts)";
  if (res.outsideMissing !== undefined)
    return [`${head}: not measured, the outside reader could not be installed (${res.outsideMissing}).`, ''];
  const rows = res.workers.flatMap((w) => [
    `| ${w.label} | paced at ${r(w.pacedRate)}/s | ${p50p99(w.latency)} | ${p50p99(w.outside)} |`,
    ...w.lights.map((l) => `| ${w.label} | fixed, ${r(l.rate)}/s | ${p50p99(l.latency)} | ${p50p99(l.outside)} |`),
  ]);
  return [
    `${head}; p50 / p99 (– : the outside reader missed replies or did not start):`,
    '',
    "| worker | phase | bench's reader | outside reader |",
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** The ratio to the naive worker, with the naive rate it divides by when that was measured beside the worker. */
function naiveCell(w: WorkerRun, res: Results): string {
  const naive = naiveFor(w, res);
  return w.naiveBeside?.length ? `${ratio(w.burstRate, naive)} (of ${r(naive)})` : ratio(w.burstRate, naive);
}

export function report(res: Results): string {
  const lines = [
    `## Run of ${res.date} (${res.cpus} cores, ${res.cpuModel}; ${r(res.requests)} requests per burst, ${res.bursts} bursts each${res.partitions === undefined ? '' : `; the workers' topics of ${res.partitions} partition(s), not the declared 6`}${settingsNote(res.settings)})`,
    '',
  ];
  if (res.ceilings) {
    const c = res.ceilings;
    lines.push(
      '| stack ceiling | rate |',
      '|---|---|',
      `| Kafka: consume → produce → commit, a transactional producer per partition (the runtime's transport), no database | ${r(c.kafka)} msg/s |`,
      `| Kafka: the same with one transactional producer for all partitions (no fencing) | ${r(c.kafkaSingle)} msg/s |`,
      `| database: bulk write of processed records (500 per call) | ${r(c.db.processedWrite)} docs/s |`,
      `| database: keyed read of processed records (\`_id: {$in: 500}\`) | ${r(c.db.processedRead)} docs/s |`,
      `| database: bulk write of card documents | ${r(c.db.cardWrite)} docs/s |`,
      `| database: keyed read of card documents | ${r(c.db.cardRead)} docs/s |`,
      '',
    );
  }
  if (res.naive !== undefined) {
    const beside = res.workers.some((w) => w.naiveBeside?.length);
    lines.push(
      `Naive worker (eachMessage; look-up, two inserts, one send, each awaited), card mix: **${r(res.naive.median)} req/s** (${range(res.naive)}, ${res.naive.count} bursts${beside ? ", one before each burst of each worker; a worker's ratio divides by the median of the naive bursts beside its own" : ''}).`,
      '',
    );
  }
  if (res.workers.length > 0) {
    lines.push(
      '| worker | burst: median (range) | ÷ naive | ÷ Kafka ceiling | paced at | p50 / p95 / p99 / max | peak RSS | CPU s per 1,000 (worker / Kafka / db) | entity cache hits (bursts) | reply codes (bursts) |',
      '|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const w of res.workers) {
      const codes = Object.entries(w.codes)
        .sort(([, a], [, b]) => b - a)
        .map(([c, k]) => `${c} ${k}`)
        .join(', ');
      lines.push(
        `| ${w.label} | **${r(w.burstRate)} req/s** (${range(w.bursts)}) | ${naiveCell(w, res)} | ${ratio(w.burstRate, res.ceilings?.kafka)} | ${r(w.pacedRate)}/s (${r(w.pacedAchieved)} achieved) | ${r(w.latency.p50)} / ${r(w.latency.p95)} / ${r(w.latency.p99)} / ${r(w.latency.max)} ms | ${r(w.peakRssMb)} MB | ${f(w.cpuPer1000.worker)} / ${f(w.cpuPer1000.kafka)} / ${f(w.cpuPer1000.database)} | ${pct(w.cacheHitRate)} | ${codes} |`,
      );
    }
    lines.push(
      '',
      'Mean time of each step of a chunk in the paced phase and in each fixed-rate phase (ms; `fetch` and `wait` per message, from its producer to its batch fetched and to its chunk; `produce` and `commit` the two parts of the Kafka transaction):',
      '',
      `| worker | ${STEPS.join(' | ')} |`,
      `|---|${STEPS.map(() => '---').join('|')}|`,
    );
    const stepRow = (label: string, s: Record<string, number>): string =>
      `| ${label} | ${STEPS.map((st) => f(s[st], 1)).join(' | ')} |`;
    for (const w of res.workers) {
      lines.push(stepRow(w.label, w.pacedSteps));
      for (const l of w.lights) lines.push(stepRow(`${w.label}, fixed ${r(l.rate)}/s`, l.steps));
    }
    lines.push('');
  }
  if (res.floor) {
    const l = res.floor.latency;
    lines.push(
      `Latency floor: the runtime's Kafka transport alone (no database, no Avro; one transaction per chunk, replies read read_committed), paced at ${r(res.floor.rate)}/s: p50 / p95 / p99 / max **${r(l.p50)} / ${r(l.p95)} / ${r(l.p99)} / ${r(l.max)} ms**.`,
      '',
    );
  }
  lines.push(...lightTable(res));
  lines.push(...outsideTable(res));
  lines.push(...slowestTable(res.workers.flatMap((w) => w.slowest ?? [])));
  if (res.fanout)
    lines.push(
      `Broadcast fan-out: **${r(res.fanout.mailsPerSecond)} mails/s** to ${r(res.fanout.recipients)} recipients with the limit at ${r(res.fanout.limit)}/s.`,
      '',
    );
  lines.push(...verdictTable(res));
  return lines.join('\n');
}
