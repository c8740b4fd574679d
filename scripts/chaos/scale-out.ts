// Scale-out (issue 11's "Done when"): the same burst — N cards registered, then
// each activated (2N requests) — answered by one compiled card-worker process,
// then by two in one consumer group, on fresh topics and a fresh database each
// time, in rounds (the best rate of each kept: the machine is shared). Two must
// be at least as fast as one, and with no process dying no request may be
// answered twice (a read_committed consumer counts replies per correlation id).
import { cpus } from 'node:os';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { benchEnv } from '../bench/bench-env';
import { burst, encodeAll, ReplyWatch } from '../bench/load';
import { digitsOf, envelope, type BenchRequest } from '../bench/requests';
import { groupStable } from '../bench/run-worker';
import { startCompiled, stopAll, type BenchWorker } from '../bench/workers';
import { provision } from '../lib/provision';
import { figure, type Figure } from './figures';

interface Burst {
  processes: number;
  rate: number;
  duplicates: number;
  failed: number;
}

function cards(n: number, topic: string, tag: string): BenchRequest[] {
  const number = (i: number): string => `8${digitsOf(tag)}${String(i).padStart(6, '0')}`;
  const phone = (i: number): string => `+4860${String(1_000_000 + i).padStart(7, '0')}`;
  const req = (i: number, op: string, payload: Record<string, unknown>): BenchRequest => {
    const requestId = `${tag}-${op}-${i}`;
    return { topic, key: number(i), requestId, value: envelope(requestId, 'ALCS', `alcs.card.${op}`, { cardNumber: number(i), ...payload }) };
  };
  const register = Array.from({ length: n }, (_, i) => req(i, 'RegisterCard', {
    identity: { posId: null, posNumber: '12', posOperatorId: null, posOperatorNumber: 0, siteId: 'SITE-1' },
    loyaltyCard: { cardNumber: number(i), phoneNumber: phone(i), gender: 'F', cardPinHmac: '5e'.repeat(32), wallets: [{ id: 'Stickers2016', balance: 100n, stat: { lost: 0n, transferredOut: 0n, transferredIn: null, issued: 100n }, version: 'abc' }] },
  }));
  return [...register, ...Array.from({ length: n }, (_, i) => req(i, 'ActivateCard', { phoneNumber: phone(i) }))];
}

async function oneBurst(stack: Awaited<ReturnType<typeof benchEnv>>, label: string, processes: number, n: number): Promise<Burst> {
  const p = `${stack.prefix}${label}.`;
  await provision({ ...process.env, ...stack.env }, p);
  const topics = { CARD_REQUEST_TOPIC: `${p}alcs.card.requests`, CARD_REPLY_TOPIC: `${p}alcs.card.replies` };
  const env: Record<string, string> = { ...stack.env, ...topics, CONSUMER_GROUP: `${p}card-worker`, MONGODB_DB: `${stack.env.MONGODB_DB}_${label}` };
  const kafka = new Kafka({ clientId: 'scale-out', brokers: stack.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const workers: BenchWorker[] = [];
  for (let i = 0; i < processes; i++) workers.push(await startCompiled('card-worker', env, `${label}-${i}`));
  const watch = await ReplyWatch.open(kafka, [topics.CARD_REPLY_TOPIC], `${p}watch`);
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await groupStable(kafka, env.CONSUMER_GROUP!, processes);
    const [warm, load] = await Promise.all([encodeAll(cards(30, topics.CARD_REQUEST_TOPIC, `${label}w`), env.SCHEMA_REGISTRY_URL!), encodeAll(cards(n, topics.CARD_REQUEST_TOPIC, `${label}b`), env.SCHEMA_REGISTRY_URL!)]);
    await burst(producer, warm, watch);
    const before = { ...watch.codes };
    const b = await burst(producer, load, watch);
    await new Promise((r) => setTimeout(r, 3_000)); // room for a late duplicate
    const duplicates = load.filter((e) => (watch.arrivals.get(e.requestId)?.length ?? 0) > 1).length;
    const failed = Object.entries(watch.codes).filter(([c]) => c !== 'Success').reduce((s, [c, k]) => s + k - (before[c] ?? 0), 0);
    return { processes, rate: load.length / b.seconds, duplicates, failed };
  } finally {
    await producer.disconnect();
    await watch.close();
    await stopAll(workers);
    const mongo = await MongoClient.connect(env.MONGODB_URI!);
    await mongo.db(env.MONGODB_DB).dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

export async function scaleOut(o: { cards: number; rounds: number }, say: (line: string) => void): Promise<{ date: string; machine: string; options: string; notes: string[]; figures: Figure[] }> {
  const stack = await benchEnv(say, undefined, 'scaleout');
  const runs: Burst[] = [];
  try {
    for (let round = 1; round <= o.rounds; round++) {
      for (const k of [1, 2]) {
        const r = await oneBurst(stack, `r${round}p${k}`, k, o.cards);
        say(`round ${round}, ${k} process${k > 1 ? 'es' : ''}: ${Math.round(r.rate)} req/s, ${r.duplicates} answered twice`);
        runs.push(r);
      }
    }
  } finally {
    await stack.close();
  }
  const best = (k: number): number => Math.max(...runs.filter((r) => r.processes === k).map((r) => r.rate));
  const [one, two] = [best(1), best(2)];
  const dup = runs.filter((r) => r.processes === 2).reduce((s, r) => s + r.duplicates, 0);
  const failed = runs.reduce((s, r) => s + r.failed, 0);
  return {
    date: new Date().toISOString().slice(0, 10), machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`,
    options: `${o.cards * 2} requests per burst (${o.cards} cards × RegisterCard + ActivateCard), compiled card worker, ${o.rounds} rounds`,
    notes: ['| round | processes | rate | answered twice |', '|---|---|---|---|', ...runs.map((r, i) => `| ${Math.floor(i / 2) + 1} | ${r.processes} | ${Math.round(r.rate)} req/s | ${r.duplicates} |`)],
    figures: [
      figure('one process (best round)', `${Math.round(one)} req/s`, true),
      figure('two processes (best round)', `${Math.round(two)} req/s (${(two / one).toFixed(2)}× one)`, two >= one),
      figure('requests answered twice by two processes (no process died)', dup, dup === 0),
      figure('replies other than Success', failed, failed === 0),
    ],
  };
}
