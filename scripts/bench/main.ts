// `npm run bench`: in one run on one stack, the stack's own ceilings, a naive worker
// as the baseline, each request worker (compiled, as production runs it) on a
// realistic mix — burst throughput, then latency paced at half of it — with peak
// memory and CPU per 1,000 requests, each latency phase also as an outside reader (Confluent's
// Python client) sees it, and the mail worker's broadcast fan-out rate
// (fanout.ts); the ratios worker ÷ naive and worker ÷ ceiling are printed and,
// unless --no-write, appended to docs/benchmarks.md.
//
// Never a timed test: a benchmark measures; what the figures mean is written beside them.
import '@workers/runtime/produce-fix';
import { appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { topicVariables } from '@workers/contracts';
import { repoRoot } from '@workers/devstack';
import { provision } from '../lib/provision';
import { benchEnv } from './bench-env';
import { cardMix } from './card-mix';
import { dbCeilings, kafkaCeiling, kafkaLatencyFloor, singleProducerCeiling, type DbCeilings } from './ceilings';
import { contactMix } from './contact-mix';
import { fanout } from './fanout';
import { NaiveBaseline } from './naive-baseline';
import { outsidePython } from './outside-venv';
import { spread, summarise } from './procstat';
import { report, type Results } from './report';
import { LIGHT_MAX_SHARE, LIGHT_SECONDS, QUIET_SECONDS, runWorker, type WorkerRun } from './run-worker';
import { startBeside } from './beside';
import { workerSettings } from './settings';

interface Options {
  mongodbUri?: string;
  requests: string;
  naiveRequests: string;
  fanoutAccounts: string;
  bursts: string;
  lightRates: string;
  only?: string;
  partitions?: string;
  write: boolean;
}

const say = (line: string): void => void process.stdout.write(`bench: ${line}\n`);

async function bench(o: Options): Promise<void> {
  const n = Number(o.requests);
  const bursts = Number(o.bursts);
  const lightRates = o.lightRates
    .split(',')
    .map(Number)
    .filter((x) => x > 0);
  const only = new Set((o.only ?? 'ceilings,naive,card,card2,contact,start,fanout').split(','));
  const partitions = o.partitions === undefined ? undefined : Number(o.partitions);
  const stack = await benchEnv(say, o.mongodbUri);
  const results: Results = {
    date: new Date().toISOString().slice(0, 10),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    requests: n,
    bursts,
    ...(partitions === undefined ? {} : { partitions }),
    settings: workerSettings(process.env),
    workers: [],
  };
  let naive: NaiveBaseline | undefined;
  try {
    const { env, prefix } = stack;
    let python: string | undefined;
    if (['card', 'card2', 'contact', 'start'].some((w) => only.has(w))) {
      const outside = await outsidePython();
      if ('python' in outside) python = outside.python;
      else {
        results.outsideMissing = outside.reason;
        say(`outside reader: not installed (${outside.reason}); the latency phases are measured by the bench alone`);
      }
    }
    if (only.has('ceilings')) {
      say('ceilings: Kafka pass-through (per-partition transactions), single producer, database…');
      const db: DbCeilings = await dbCeilings(env, 10_000);
      results.ceilings = {
        kafka: await kafkaCeiling(env, prefix, 40_000),
        kafkaSingle: await singleProducerCeiling(env, prefix, 40_000),
        db,
      };
    }
    if (only.has('naive')) {
      say(`naive worker: bursts of ${o.naiveRequests} card requests, one before each burst of each worker…`);
      const p = `${prefix}naive.`;
      await provision({ ...process.env, ...env }, p, partitions);
      naive = await NaiveBaseline.open(env, p, Number(o.naiveRequests));
    }
    const baseline = naive;
    const between = baseline ? () => baseline.burst() : undefined;
    /** The card worker (`processes` of it); with `beside`, everything else `npm start` runs next to it. */
    const card = async (label: string, processes: number, beside?: { console: boolean }): Promise<WorkerRun> => {
      const p = `${prefix}${label}.`;
      await provision({ ...process.env, ...env }, p, partitions);
      const all = topicVariables(p);
      // Beside the other workers, the run names every topic (theirs and the console's too).
      const topics = beside
        ? all
        : { CARD_REQUEST_TOPIC: all.CARD_REQUEST_TOPIC, CARD_REPLY_TOPIC: all.CARD_REPLY_TOPIC };
      return runWorker(
        {
          label,
          service: 'card-worker',
          prefix: p,
          processes,
          replyTopics: [all.CARD_REPLY_TOPIC],
          env: { ...topics, CONSUMER_GROUP: `${p}card-worker`, MONGODB_DB: `${env.MONGODB_DB}_${label}` },
          mix: (k, tag) => cardMix(k, all.CARD_REQUEST_TOPIC, `${p}${tag}`),
          ...(beside ? { beside: (e, first) => startBeside(e, first, beside) } : {}),
        },
        stack,
        { requests: n, bursts, lightRates, between, outsidePython: python },
        say,
      );
    };
    if (only.has('card')) {
      const run = await card('card', 1);
      results.workers.push(run);
      if (only.has('ceilings')) {
        say(`ceilings: Kafka alone paced at the card worker's ${run.pacedRate}/s…`);
        const lat = await kafkaLatencyFloor(env, prefix, run.pacedRate, Math.min(20_000, run.pacedRate * 20));
        results.floor = { rate: run.pacedRate, latency: summarise(lat) };
        results.lightFloors = [];
        for (const rate of lightRates) {
          say(`ceilings: Kafka alone paced at ${rate}/s…`);
          const light = await kafkaLatencyFloor(env, prefix, rate, rate * LIGHT_SECONDS);
          results.lightFloors.push({ rate, latency: summarise(light) });
        }
      }
    }
    if (only.has('card2')) results.workers.push(await card('card2', 2));
    if (only.has('start')) {
      results.workers.push(await card('start', 1, { console: true }));
      results.workers.push(await card('start-no-console', 1, { console: false }));
    }
    if (only.has('contact')) {
      const p = `${prefix}contact.`;
      await provision({ ...process.env, ...env }, p, partitions);
      const { CARD_REQUEST_TOPIC: _c, CARD_REPLY_TOPIC: _r, ...t } = topicVariables(p);
      results.workers.push(
        await runWorker(
          {
            label: 'contact',
            service: 'contact-worker',
            prefix: p,
            processes: 1,
            replyTopics: [t.CONTACT_REPLY_TOPIC, t.ACCOUNT_REPLY_TOPIC],
            env: { ...t, CONSUMER_GROUP: `${p}contact-worker`, MONGODB_DB: `${env.MONGODB_DB}_contact` },
            mix: (k, tag) =>
              contactMix(k, { contacts: t.CONTACT_REQUEST_TOPIC, accounts: t.ACCOUNT_REQUEST_TOPIC }, `${p}${tag}`),
          },
          stack,
          { requests: n, bursts, lightRates, between, outsidePython: python },
          say,
        ),
      );
    }
    if (naive) {
      const rates = results.workers.flatMap((w) => w.naiveBeside ?? []);
      // With no worker to stand beside, the baseline is measured on its own.
      for (let i = rates.length; i < bursts; i++) rates.push(await naive.burst());
      results.naive = spread(rates);
      await naive.close();
      naive = undefined;
    }
    if (only.has('fanout')) results.fanout = await fanout(stack, Number(o.fanoutAccounts), say);
  } finally {
    await naive?.close();
    await stack.discard();
    await stack.close();
  }
  const text = report(results);
  process.stdout.write(`\n${text}\n`);
  if (o.write) {
    appendFileSync(join(repoRoot, 'docs/benchmarks.md'), `\n${text}\n`);
    say('appended to docs/benchmarks.md');
  }
}

const program = new Command('bench')
  .description('ceilings of the stack, a naive worker and the compiled workers, in one run on the local stack')
  .option('--requests <n>', 'requests per worker burst (and for the paced phase)', '20000')
  .option('--naive-requests <n>', 'requests for the naive baseline (it is slow)', '3000')
  .option(
    '--bursts <n>',
    'bursts per worker, each after a burst of the naive worker: the median is the figure, the range is shown',
    '3',
  )
  .option(
    '--light-rates <list>',
    `after the paced phase, each worker (and the Kafka floor) paced at each of these rates for ${LIGHT_SECONDS} s, after ${QUIET_SECONDS} quiet seconds (a rate above ${LIGHT_MAX_SHARE * 100} % of the worker's burst is skipped); 0 skips them`,
    '200,1000',
  )
  .option('--fanout-accounts <n>', 'accounts of the broadcast (about 6 in 7 are mailed)', '5000')
  .option(
    '--mongodb-uri <uri>',
    "run against this database server instead of the stack's (e.g. a real MongoDB); its CPU is then not measured",
  )
  .option(
    '--only <list>',
    'comma-separated parts: ceilings,naive,card,card2,contact,start (the card worker beside everything else `npm start` runs, with and without the console),fanout',
  )
  .option(
    '--partitions <n>',
    "partitions of the workers' topics instead of the declared 6 (an experiment: fewer, larger chunks per transaction)",
  )
  .option('--no-write', 'print only; do not append to docs/benchmarks.md')
  .action(async (o: Options) => bench(o));

program.parseAsync().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
