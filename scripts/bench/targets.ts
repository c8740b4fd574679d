// Issue 10's targets, checked against one run's figures: each run's section says
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
} as const;

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
    '| target (issue 10) | this run | met |',
    '|---|---|---|',
    ...v.map((x) => `| ${x.target} | ${x.measured} | ${x.met ? 'yes' : '**no**'} |`),
    '',
  ];
}
