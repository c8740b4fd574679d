// The targets of issues 10 and 29, checked against one run's figures: each run's section says
// which it met, so "done when" is read off the run, not worked out by hand. A
// target whose parts did not run (say `--only card` without the naive worker) is
// left out rather than called met.
import { spread } from './procstat';
import type { Results } from './report';
import type { WorkerRun } from './run-worker';

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

export const TARGETS = {
  cardRate: 3_000,
  timesNaive: 10,
  p99Ms: 50,
  peakRssMb: 160,
  mailsPerSecond: 500,
  /** Issue 29: p99 at 200 req/s, as the outside reader sees it. */
  lightP99Ms: 50,
  lightRate: 200,
  /** Issue 29: p99 at 1,000 req/s for the card worker alone. */
  midP99Ms: 150,
  midRate: 1_000,
  /** Issue 29: the card burst beside everything `npm start` runs, as a share of the card worker alone. */
  startShare: 0.9,
} as const;

/** p99 at `rate` as the outside reader saw it, else as the bench's reader did (said in the text). */
function fixedP99(w: WorkerRun, rate: number): { p99: number; by: string } | undefined {
  const l = w.lights.find((x) => x.rate === rate);
  if (!l) return undefined;
  return l.outside ? { p99: l.outside.p99, by: 'outside' } : { p99: l.latency.p99, by: "bench's reader" };
}

/** The naive rate a worker is divided by: the median of the naive bursts beside its own, else the run's. */
export function naiveFor(w: WorkerRun, res: Results): number | undefined {
  return w.naiveBeside?.length ? spread(w.naiveBeside).median : res.naive?.median;
}

export function verdicts(res: Results): Verdict[] {
  const out: Verdict[] = [];
  const w = (label: string) => res.workers.find((x) => x.label === label);
  const card = w('card');
  const contact = w('contact');
  const cardNaive = card && naiveFor(card, res);
  const contactNaive = contact && naiveFor(contact, res);
  if (card && cardNaive) {
    const times = card.burstRate / cardNaive;
    out.push({
      target: `card mix burst ≥ ${n(TARGETS.cardRate)} req/s and ≥ ${TARGETS.timesNaive}× the naive worker`,
      measured: `${n(card.burstRate)} req/s, ${times.toFixed(1)}×`,
      met: card.burstRate >= TARGETS.cardRate && times >= TARGETS.timesNaive,
    });
  }
  if (contact && contactNaive) {
    const times = contact.burstRate / contactNaive;
    out.push({
      target: `contact mix burst ≥ ${TARGETS.timesNaive}× the naive worker`,
      measured: `${n(contact.burstRate)} req/s, ${times.toFixed(1)}×`,
      met: times >= TARGETS.timesNaive,
    });
  }
  const paced = [card, contact].filter((x) => x !== undefined);
  if (paced.length > 0)
    out.push({
      target: `p99 ≤ ${TARGETS.p99Ms} ms at half the burst rate`,
      measured: paced.map((x) => `${x.label} ${n(x.latency.p99)} ms`).join(', '),
      met: paced.every((x) => x.latency.p99 <= TARGETS.p99Ms),
    });
  const light = ['card', 'start'].flatMap((label) => {
    const x = w(label);
    const p = x && fixedP99(x, TARGETS.lightRate);
    return p ? [{ label, ...p }] : [];
  });
  if (light.length > 0)
    out.push({
      target: `p99 ≤ ${TARGETS.lightP99Ms} ms at ${TARGETS.lightRate} req/s (card worker alone; beside everything \`npm start\` runs)`,
      measured: light.map((x) => `${x.label} ${n(x.p99)} ms (${x.by})`).join(', '),
      met: light.every((x) => x.p99 <= TARGETS.lightP99Ms),
    });
  const mid = card && fixedP99(card, TARGETS.midRate);
  if (mid)
    out.push({
      target: `p99 ≤ ${TARGETS.midP99Ms} ms at ${n(TARGETS.midRate)} req/s (card worker alone)`,
      measured: `${n(mid.p99)} ms (${mid.by})`,
      met: mid.p99 <= TARGETS.midP99Ms,
    });
  const start = w('start');
  if (card && start)
    out.push({
      target: `card burst beside everything \`npm start\` runs ≥ ${TARGETS.startShare * 100} % of the card worker alone`,
      measured: `${n(start.burstRate)} of ${n(card.burstRate)} req/s, ${Math.round((start.burstRate / card.burstRate) * 100)} %`,
      met: start.burstRate >= TARGETS.startShare * card.burstRate,
    });
  if (res.workers.length > 0)
    out.push({
      target: `peak RSS of a worker ≤ ${TARGETS.peakRssMb} MB during the burst`,
      measured: res.workers.map((x) => `${x.label} ${n(x.peakRssMb)} MB`).join(', '),
      met: res.workers.every((x) => x.peakRssMb <= TARGETS.peakRssMb),
    });
  if (res.fanout)
    out.push({
      target: `broadcast fan-out ≥ ${TARGETS.mailsPerSecond} mails/s with the limit at ${n(res.fanout.limit)}/s`,
      measured: `${n(res.fanout.mailsPerSecond)} mails/s`,
      met: res.fanout.mailsPerSecond >= TARGETS.mailsPerSecond,
    });
  return out;
}

/** The verdicts as a Markdown table (empty when no target's parts ran). */
export function verdictTable(res: Results): string[] {
  const v = verdicts(res);
  if (v.length === 0) return [];
  return [
    '| target (issues 10 and 29) | this run | met |',
    '|---|---|---|',
    ...v.map((x) => `| ${x.target} | ${x.measured} | ${x.met ? 'yes' : '**no**'} |`),
    '',
  ];
}
