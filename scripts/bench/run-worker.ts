// One worker under load: the compiled worker (one or more processes of one group)
// on a private set of topics, warmed up with one whole burst that is not counted (as
// the naive baseline is: a shorter warm-up left V8 compiling during the first counted burst),
// then several bursts of the mix for throughput (the median is the figure and the range is
// shown, as bursts vary: docs/benchmarks.md#what-one-run-measures-on-one-stack), then the same mix paced at half the median burst
// rate for latency, and at fixed rates (ones production may see: 200 and 1,000 req/s), each
// after a quiet pause, for the latency a request meets when the worker is not saturated. CPU seconds of the worker, Kafka and
// the database are read over the bursts; peak RSS at their end. Given `between` (the naive baseline), it runs
// before each burst, and its CPU is not counted. Given the outside reader's python, each latency
// phase is also measured by that reader (outside.ts), beside the bench's own.
import type { Prepared } from '@workers/client';
import { CHUNK_STEPS } from '@workers/runtime';
import { Kafka, logLevel } from 'kafkajs';
import {
  CpuMeter,
  type LatencySummary,
  machineCpuSeconds,
  peakRssMb,
  spread,
  summarise,
  type Spread,
} from './procstat';
import { RequestSender } from '../lib/request-sender';
import { burst, latencies, paced, ReplyWatch } from './load';
import { outsideFor } from './outside';
import type { BenchRequest } from './requests';
import { readerPhase, slowestOf, type SlowestRow } from './slowest';
import { startCompiled, stopAll, workerLogFile, type BenchWorker } from './workers';

/** A worker's /metrics, as text. */
async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** Sum and count of each chunk step's histogram, from a worker's /metrics. */
async function stepTotals(port: number): Promise<Map<string, { sum: number; count: number }>> {
  const text = await metricsText(port);
  const out = new Map<string, { sum: number; count: number }>();
  for (const m of text.matchAll(/^worker_chunk_step_seconds_(sum|count)\{[^}]*step="(\w+)"[^}]*\} (\S+)$/gm)) {
    const t = out.get(m[2]!) ?? { sum: 0, count: 0 };
    t[m[1] as 'sum' | 'count'] += Number(m[3]);
    out.set(m[2]!, t);
  }
  return out;
}

/** Entity-cache look-ups (hits and misses, all stores) of the processes so far, from their /metrics. */
async function cacheLookups(workers: readonly BenchWorker[]): Promise<{ hit: number; miss: number }> {
  const out = { hit: 0, miss: 0 };
  for (const w of workers) {
    const text = await metricsText(w.port);
    for (const m of text.matchAll(/^worker_entity_cache_lookups_total\{[^}]*result="(hit|miss)"[^}]*\} (\S+)$/gm))
      out[m[1] as 'hit' | 'miss'] += Number(m[2]);
  }
  return out;
}

async function meanSteps(
  workers: readonly BenchWorker[],
  before: Map<string, { sum: number; count: number }>[],
): Promise<Record<string, number>> {
  const after = await Promise.all(workers.map((w) => stepTotals(w.port)));
  const steps: Record<string, number> = {};
  for (const name of CHUNK_STEPS) {
    let sum = 0;
    let count = 0;
    after.forEach((a, i) => {
      sum += (a.get(name)?.sum ?? 0) - (before[i]?.get(name)?.sum ?? 0);
      count += (a.get(name)?.count ?? 0) - (before[i]?.get(name)?.count ?? 0);
    });
    steps[name] = count ? (sum / count) * 1000 : Number.NaN;
  }
  return steps;
}

/** Seconds of each fixed-rate phase (`--light-rates`). */
export const LIGHT_SECONDS = 30;
/**
 * Seconds with nothing sent before each fixed-rate phase, once every earlier reply is in: a
 * light phase that followed the half-rate phase at once measured that phase's backlog, not
 * the light load (issue 29).
 */
export const QUIET_SECONDS = 10;
/**
 * Seconds of an uncounted phase at the lowest fixed rate, before the counted ones. The warm-up
 * burst warms the paths of large chunks only; the first phase of one-request chunks (a transaction
 * per request, ten times as many per second) ran while V8 and the broker's JIT compiled those paths,
 * and 46–49 of its 60 slowest requests came in its first 2 s (docs/benchmarks.md, "The first light
 * phase"). Production at a light load runs warm; the warm-up's own latency is still reported.
 */
export const LIGHT_WARM_SECONDS = 10;
/** A fixed rate above this share of the median burst is not run: it would measure a backlog. */
export const LIGHT_MAX_SHARE = 0.8;

export interface LightRun {
  rate: number;
  achieved: number;
  latency: LatencySummary;
  /** Mean time of each chunk step in the phase, ms. */
  steps: Record<string, number>;
  /** As the outside reader saw it, when it read every reply. */
  outside?: LatencySummary;
  /**
   * Cores busy during the phase (CPU seconds ÷ its seconds): the worker's processes, Kafka, the
   * database, and the whole machine (those, the bench, its readers and anything else running).
   */
  cores: { worker: number; kafka: number; database: number; machine: number };
}

export interface WorkerRun {
  label: string;
  requests: number;
  /** Requests per second of each burst. */
  bursts: Spread;
  /** The median burst. */
  burstRate: number;
  pacedRate: number;
  pacedAchieved: number;
  latency: LatencySummary;
  /** The paced phase's latency as the outside reader saw it (scripts/bench/outside.ts), when it read every reply. */
  outside?: LatencySummary;
  /** Latency paced at each fixed rate (`--light-rates`) that was run. */
  lights: LightRun[];
  /** The fixed rates not run, being above LIGHT_MAX_SHARE of the burst. */
  lightsSkipped: number[];
  /** The uncounted warm-up at the lowest fixed rate run (LIGHT_WARM_SECONDS), by the bench's reader. */
  lightWarm?: { rate: number; latency: LatencySummary };
  peakRssMb: number;
  cpuPer1000: { worker: number; kafka: number; database: number };
  codes: Record<string, number>;
  /** Mean time of each chunk step in the paced phase, ms. */
  pacedSteps: Record<string, number>;
  /** Share of the entities looked up in the bursts that the entity cache held (NaN: none looked up). */
  cacheHitRate?: number;
  /** Where the slowest 1 % of each latency phase went (slowest.ts). */
  slowest?: SlowestRow[];
  /** The naive worker's rate in the burst before each of this worker's bursts, req/s. */
  naiveBeside?: number[];
}

export interface WorkerSpec {
  label: string;
  service: string;
  /** The prefix of the run's topics (the declared names follow it). */
  prefix: string;
  env: Record<string, string>;
  replyTopics: string[];
  processes: number;
  /** Builds `n` requests of the mix; `tag` keeps each phase's ids apart. */
  mix(n: number, tag: string): BenchRequest[];
  /** Processes started beside the measured ones (beside.ts), stopped with them. */
  beside?: (env: Record<string, string>, first: BenchWorker) => Promise<BenchWorker[]>;
}

export async function groupStable(kafka: Kafka, group: string, members: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let i = 0; i < 300; i++) {
      const { groups } = await admin.describeGroups([group]);
      const g = groups[0];
      if (g?.state === 'Stable' && g.members.length === members) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`group ${group} did not settle with ${members} members`);
  } finally {
    await admin.disconnect();
  }
}

export async function runWorker(
  spec: WorkerSpec,
  stack: { env: Record<string, string>; pids: { kafka?: number; database?: number } },
  o: {
    requests: number;
    bursts: number;
    lightRates: readonly number[];
    between?: () => Promise<number>;
    /** The outside reader's python (outside-venv.ts); without it the phases are measured by the bench alone. */
    outsidePython?: string;
  },
  say: (l: string) => void,
): Promise<WorkerRun> {
  const n = o.requests;
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: stack.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const group = `${spec.env.CONSUMER_GROUP}`;
  const env = { ...stack.env, ...spec.env };
  const workers: BenchWorker[] = [];
  // BENCH_WORKER_LOG: a file for the workers' stdout (their log lines, and V8's traces such as --trace-opt).
  // At debug for one line `chunk.timed` per chunk (~14 µs each), which slowest.ts reads.
  const logFile = workerLogFile();
  for (let i = 0; i < spec.processes; i++)
    workers.push(await startCompiled(spec.service, env, `${spec.label}-${i}`, { logFile, logLevel: 'debug' }));
  const others = spec.beside ? await spec.beside(env, workers[0]!) : [];
  if (process.env.BENCH_MEMORY) say(`idle RSS ${Math.round(peakRssMb(workers[0]!.child.pid!))} MB (VmHWM after start)`);
  const watch = await ReplyWatch.open(kafka, spec.replyTopics, `${group}-watch`);
  const sender = RequestSender.open(stack.env, spec.prefix, 'bench');
  const send = (slice: readonly Prepared[]) => sender.send(slice);
  try {
    await groupStable(kafka, group, spec.processes);
    const [warm, pace, ...loads] = await Promise.all([
      sender.prepare(spec.mix(n, 'w')),
      sender.prepare(spec.mix(n, 'p')),
      ...Array.from({ length: o.bursts }, (_, i) => sender.prepare(spec.mix(n, `b${i}`))),
    ]);
    await burst(send, warm, watch);
    say(`${spec.label}: warm; ${o.bursts} bursts of ${n}…`);
    const pids = {
      kafka: stack.pids.kafka,
      database: stack.pids.database,
      ...Object.fromEntries(workers.map((w, i) => [`w${i}`, w.child.pid])),
    };
    const used: Record<string, number> = {};
    const codesBefore = { ...watch.codes };
    const lookupsBefore = await cacheLookups(workers);
    const rates: number[] = [];
    const naiveBeside: number[] = [];
    for (const load of loads) {
      if (o.between) naiveBeside.push(await o.between());
      const cpu = new CpuMeter(pids);
      rates.push(n / (await burst(send, load, watch)).seconds);
      for (const [k, v] of Object.entries(cpu.used())) used[k] = (used[k] ?? 0) + v;
    }
    const bursts = spread(rates);
    const lookups = await cacheLookups(workers);
    const hits = lookups.hit - lookupsBefore.hit;
    const cacheHitRate = hits / (hits + lookups.miss - lookupsBefore.miss);
    /** CPU seconds of all the worker's processes in `u` (a CpuMeter's reading). */
    const workersCpu = (u: Record<string, number>): number => workers.reduce((a, _w, i) => a + u[`w${i}`]!, 0);
    const workerCpu = workersCpu(used);
    const codes = Object.fromEntries(
      Object.entries(watch.codes)
        .map(([c, k]) => [c, k - (codesBefore[c] ?? 0)])
        .filter(([, k]) => Number(k) > 0),
    );
    const rss = Math.max(...workers.map((w) => peakRssMb(w.child.pid!)));
    if (process.env.BENCH_MEMORY === 'snapshot') {
      workers[0]!.child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 8000));
    }
    if (process.env.BENCH_MEMORY) {
      const text = await metricsText(workers[0]!.port);
      say(
        [
          ...text.matchAll(
            /^(worker_process_(?:nodejs_heap_size_total|nodejs_heap_size_used|nodejs_external_memory|resident_memory)_bytes)\{[^}]*\} (\S+)/gm,
          ),
        ]
          .map((m) => `${m[1]} ${Math.round(Number(m[2]) / 1048576)} MB`)
          .join('; '),
      );
      say(
        text
          .split('\n')
          .filter((l) => l.startsWith('worker_process_nodejs_heap_space_size_used_bytes'))
          .map((l) => l.replace(/.*space="(\w+)".* (\S+)$/, (_m, a, b) => `${a} ${Math.round(Number(b) / 1048576)}`))
          .join(', '),
      );
    }
    const burstRate = bursts.median;
    const pacedRate = Math.max(1, Math.floor(burstRate / 2));
    const pacedN = Math.min(pace.length, pacedRate * 20);
    say(
      `${spec.label}: bursts ${rates.map(Math.round).join(', ')} req/s${naiveBeside.length ? ` (naive before each: ${naiveBeside.map(Math.round).join(', ')})` : ''}; paced at ${pacedRate}/s for ${pacedN} requests…`,
    );
    const outside = () => outsideFor(o.outsidePython, stack.env.KAFKA_BROKERS!, spec.replyTopics, spec.label, say);
    const pacedOutside = await outside();
    const stepsBefore = await Promise.all(workers.map((w) => stepTotals(w.port)));
    const p = await paced(send, pace.slice(0, pacedN), pacedRate, watch);
    const pacedSteps = await meanSteps(workers, stepsBefore);
    const lat = latencies(p.sent, watch);
    const pacedOutsideLatency = await pacedOutside?.finish(p.sent);
    const phases = [readerPhase(`paced ${pacedRate}/s`, p.sent, pacedOutsideLatency && pacedOutside, watch)];
    const lights: LightRun[] = [];
    const lightsSkipped: number[] = [];
    const runs = (rate: number): boolean => rate <= burstRate * LIGHT_MAX_SHARE;
    const quiet = () => new Promise((r) => setTimeout(r, QUIET_SECONDS * 1000));
    const runnable = o.lightRates.filter(runs);
    let lightWarm: WorkerRun['lightWarm'];
    if (runnable.length > 0) {
      const rate = Math.min(...runnable);
      const reqs = await sender.prepare(spec.mix(rate * LIGHT_WARM_SECONDS, 'lw'));
      say(
        `${spec.label}: quiet for ${QUIET_SECONDS} s, then a warm-up at ${rate}/s for ${LIGHT_WARM_SECONDS} s (not counted)…`,
      );
      await quiet();
      const w = await paced(send, reqs, rate, watch);
      lightWarm = { rate, latency: summarise(latencies(w.sent, watch)) };
    }
    for (const [i, rate] of o.lightRates.entries()) {
      if (!runs(rate)) {
        lightsSkipped.push(rate);
        continue;
      }
      // Each fixed-rate phase lasts LIGHT_SECONDS; its requests are a mix of their own, new
      // cards and requestIds even when a rate is given twice (the second would otherwise be
      // answered from the processed records, a cheaper path than a first request's).
      const again = o.lightRates.slice(0, i).filter((r) => r === rate).length;
      const reqs = await sender.prepare(spec.mix(rate * LIGHT_SECONDS, again ? `l${rate}r${again}` : `l${rate}`));
      say(`${spec.label}: quiet for ${QUIET_SECONDS} s, then paced at ${rate}/s for ${LIGHT_SECONDS} s…`);
      await quiet();
      const lightOutside = await outside();
      const before = await Promise.all(workers.map((w) => stepTotals(w.port)));
      const cpu = new CpuMeter(pids);
      const machineBefore = machineCpuSeconds();
      const l = await paced(send, reqs, rate, watch);
      const used = cpu.used();
      const machine = machineCpuSeconds() - machineBefore;
      const steps = await meanSteps(workers, before);
      const lightOutsideLatency = await lightOutside?.finish(l.sent);
      phases.push(readerPhase(`fixed ${rate}/s`, l.sent, lightOutsideLatency && lightOutside, watch));
      lights.push({
        rate,
        achieved: reqs.length / l.seconds,
        latency: summarise(latencies(l.sent, watch)),
        steps,
        ...(lightOutsideLatency ? { outside: lightOutsideLatency } : {}),
        cores: {
          worker: workersCpu(used) / l.seconds,
          kafka: used.kafka! / l.seconds,
          database: used.database! / l.seconds,
          machine: machine / l.seconds,
        },
      });
    }
    return {
      label: spec.label,
      requests: n,
      bursts,
      burstRate,
      pacedRate,
      pacedAchieved: pacedN / p.seconds,
      latency: summarise(lat),
      ...(pacedOutsideLatency ? { outside: pacedOutsideLatency } : {}),
      lights,
      lightsSkipped,
      ...(lightWarm ? { lightWarm } : {}),
      peakRssMb: rss,
      cpuPer1000: {
        worker: (workerCpu / (n * o.bursts)) * 1000,
        kafka: (used.kafka! / (n * o.bursts)) * 1000,
        database: (used.database! / (n * o.bursts)) * 1000,
      },
      codes,
      pacedSteps,
      cacheHitRate,
      ...(o.between ? { naiveBeside } : {}),
      slowest: await slowestOf(logFile, spec.label, phases),
    };
  } finally {
    await sender.close();
    await watch.close();
    await stopAll([...others, ...workers]);
  }
}
