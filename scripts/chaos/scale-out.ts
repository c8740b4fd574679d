// Scale-out (issue 11's "Done when"): the same burst — N cards registered, then
// each activated (2N requests) — answered by one compiled card-worker process and
// by two in one consumer group, on fresh topics and a fresh database each round,
// several bursts per round and rounds alternating which goes first. A burst lasts
// seconds on a shared machine, so the medians are compared: two must be at least
// as fast as one, and with no process dying no request may be answered twice (a
// read_committed consumer counts replies per correlation id).
import { cpus } from 'node:os';
import { topicVariables } from '@workers/contracts';
import type { Prepared } from '@workers/client';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { benchEnv } from '../bench/bench-env';
import { burst, ReplyWatch } from '../bench/load';
import { spread } from '../bench/procstat';
import { digitsOf, envelope, type BenchRequest } from '../bench/requests';
import { groupStable } from '../bench/run-worker';
import { startCompiled, stopAll, type BenchWorker } from '../bench/workers';
import { provision } from '../lib/provision';
import { RequestSender } from '../lib/request-sender';
import { figure, type Figure } from './figures';

interface Round {
  processes: number;
  rates: number[];
  duplicates: number;
  failed: number;
}

function cards(n: number, topic: string, tag: string): BenchRequest[] {
  const number = (i: number): string => `8${digitsOf(tag)}${String(i).padStart(6, '0')}`;
  const phone = (i: number): string => `+4860${String(1_000_000 + i).padStart(7, '0')}`;
  const req = (i: number, op: string, payload: Record<string, unknown>): BenchRequest => {
    const requestId = `${tag}-${op}-${i}`;
    return {
      topic,
      key: number(i),
      requestId,
      value: envelope(requestId, 'ALCS', `alcs.card.${op}`, { cardNumber: number(i), ...payload }),
    };
  };
  const register = Array.from({ length: n }, (_, i) =>
    req(i, 'RegisterCard', {
      identity: { posId: null, posNumber: '12', posOperatorId: null, posOperatorNumber: 0, siteId: 'SITE-1' },
      loyaltyCard: {
        cardNumber: number(i),
        phoneNumber: phone(i),
        gender: 'F',
        cardPinHmac: '5e'.repeat(32),
        wallets: [
          {
            id: 'Stickers2016',
            balance: 100n,
            stat: { lost: 0n, transferredOut: 0n, transferredIn: null, issued: 100n },
            version: 'abc',
          },
        ],
      },
    }),
  );
  return [...register, ...Array.from({ length: n }, (_, i) => req(i, 'ActivateCard', { phoneNumber: phone(i) }))];
}

/** One round: `processes` compiled card workers on fresh topics, warmed up by one burst, then `bursts` measured bursts of fresh cards. */
async function round(
  stack: Awaited<ReturnType<typeof benchEnv>>,
  label: string,
  processes: number,
  n: number,
  bursts: number,
): Promise<Round> {
  const p = `${stack.prefix}${label}.`;
  await provision({ ...process.env, ...stack.env }, p);
  const { CARD_REQUEST_TOPIC, CARD_REPLY_TOPIC } = topicVariables(p);
  const topics = { CARD_REQUEST_TOPIC, CARD_REPLY_TOPIC };
  const env: Record<string, string> = {
    ...stack.env,
    ...topics,
    CONSUMER_GROUP: `${p}card-worker`,
    MONGODB_DB: `${stack.env.MONGODB_DB}_${label}`,
  };
  const kafka = new Kafka({
    clientId: 'scale-out',
    brokers: stack.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const workers: BenchWorker[] = [];
  for (let i = 0; i < processes; i++) workers.push(await startCompiled('card-worker', env, `${label}-${i}`));
  const watch = await ReplyWatch.open(kafka, [topics.CARD_REPLY_TOPIC], `${p}watch`);
  const sender = RequestSender.open(env, p, 'scale-out');
  const send = (slice: readonly Prepared[]) => sender.send(slice);
  try {
    await groupStable(kafka, env.CONSUMER_GROUP!, processes);
    const sets = await Promise.all(
      ['w', ...Array.from({ length: bursts }, (_, b) => `b${b}`)].map((tag) =>
        sender.prepare(cards(n, topics.CARD_REQUEST_TOPIC, `${label}${tag}`)),
      ),
    );
    // A first burst of the same size, not measured: a long-lived process is warm (JIT, connections, caches).
    await burst(send, sets[0]!, watch);
    const before = { ...watch.codes };
    const rates: number[] = [];
    for (const load of sets.slice(1)) rates.push(load.length / (await burst(send, load, watch)).seconds);
    await new Promise((r) => setTimeout(r, 3_000)); // room for a late duplicate
    const duplicates = sets
      .slice(1)
      .flat()
      .filter((e) => (watch.arrivals.get(e.requestId)?.length ?? 0) > 1).length;
    const failed = Object.entries(watch.codes)
      .filter(([c]) => c !== 'Success')
      .reduce((sum, [c, k]) => sum + k - (before[c] ?? 0), 0);
    return { processes, rates, duplicates, failed };
  } finally {
    await sender.close();
    await watch.close();
    await stopAll(workers);
    const mongo = await MongoClient.connect(env.MONGODB_URI!);
    await mongo
      .db(env.MONGODB_DB)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  }
}

const median = (xs: number[]): number => spread(xs).median;

export async function scaleOut(
  o: { cards: number; rounds: number; bursts: number },
  say: (line: string) => void,
): Promise<{ date: string; machine: string; options: string; notes: string[]; figures: Figure[] }> {
  const stack = await benchEnv(say, undefined, 'scaleout');
  const runs: Round[] = [];
  try {
    for (let r = 1; r <= o.rounds; r++) {
      for (const k of r % 2 ? [1, 2] : [2, 1]) {
        const x = await round(stack, `r${r}p${k}`, k, o.cards, o.bursts);
        say(
          `round ${r}, ${k} process${k > 1 ? 'es' : ''}: ${x.rates.map((v) => Math.round(v)).join(', ')} req/s, ${x.duplicates} answered twice`,
        );
        runs.push(x);
      }
    }
  } finally {
    await stack.discard();
    await stack.close();
  }
  const rates = (k: number): number[] => runs.filter((r) => r.processes === k).flatMap((r) => r.rates);
  const spread = (k: number): string =>
    `${Math.round(median(rates(k)))} req/s (${Math.round(Math.min(...rates(k)))}–${Math.round(Math.max(...rates(k)))} over ${rates(k).length} bursts)`;
  const [one, two] = [median(rates(1)), median(rates(2))];
  const dup = runs.filter((r) => r.processes === 2).reduce((sum, r) => sum + r.duplicates, 0);
  const failed = runs.reduce((sum, r) => sum + r.failed, 0);
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`,
    options: `${o.cards * 2} requests per burst (${o.cards} cards × RegisterCard + ActivateCard), compiled card worker, ${o.rounds} rounds of ${o.bursts} bursts per process count`,
    notes: [
      '| round | processes | bursts (req/s) | answered twice |',
      '|---|---|---|---|',
      ...runs.map(
        (r, i) =>
          `| ${Math.floor(i / 2) + 1} | ${r.processes} | ${r.rates.map((v) => Math.round(v)).join(', ')} | ${r.duplicates} |`,
      ),
    ],
    figures: [
      figure('one process (median burst)', spread(1), true),
      figure('two processes (median burst)', `${spread(2)}: ${(two / one).toFixed(2)}× one`, two >= one),
      figure('requests answered twice by two processes (no process died)', dup, dup === 0),
      figure('replies other than Success', failed, failed === 0),
    ],
  };
}
