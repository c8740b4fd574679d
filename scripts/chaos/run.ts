// One chaos run: private topics and database on the local stack, a seeded mix of
// card, account and contact requests sent through `processes` compiled processes
// per worker while faults.ts kills, rebalances and stops servers; then every
// figure (verify-*.ts) from a read_committed client, the database and the SMTP sink.
import { createWriteStream, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { dlqTopicOf } from '@workers/contracts';
import { avroLogicalTypes, createLogger, kafkaClient } from '@workers/runtime';
import { repoRoot } from '@workers/devstack';
import { MongoClient } from 'mongodb';
import { benchEnv } from '../bench/bench-env';
import { benchKeys } from '../bench/workers';
import { RequestSender } from '../lib/request-sender';
import { closeRun } from './close-run';
import { runFaults, type FaultPlan, type FaultRecord } from './faults';
import { figure, type Figure } from './figures';
import { Fleet, type Service } from './fleet';
import { chaosMix } from './mix';
import { Observer } from './observe';
import { chaosRoutes, referenceRun } from './reference';
import { sendAll } from './send';
import { productionSteps } from './production-faults';
import { StackControl } from './stack-control';
import { faultTable, longestPause } from './timeline';
import { topicsOf, type RunTopics } from './topics';
import { mailState } from './verify-mail';
import { eventFigures, replyFigures } from './verify-replies';
import { storeFigures } from './verify-store';

export interface ChaosOptions extends FaultPlan {
  requests: number;
  seed: number;
  processes: number;
  rate: number;
  window: number;
  /** Kafka nodes of the stack; 3 adds the broker faults of production-faults.ts. */
  brokers: number;
  /** Toxiproxy in front of every server; adds the network faults of production-faults.ts. */
  proxy: boolean;
}

export interface ChaosResult {
  options: ChaosOptions;
  date: string;
  machine: string;
  seconds: number;
  faults: FaultRecord[];
  /** The faults with the answering rate around each (Markdown table lines). */
  faultTable: string[];
  figures: Figure[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The run's own reads of the database may meet its faults too: such a read is asked again, never fatal. */
async function patiently<T>(read: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(2_000);
    }
  }
}

async function until(ok: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve(ok()).catch(() => false))) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

function workerEnv(env: Record<string, string>, t: RunTopics, prefix: string): (s: Service) => Record<string, string> {
  const common = {
    KAFKA_BROKERS: env.KAFKA_BROKERS!,
    SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL!,
    MONGODB_URI: env.MONGODB_URI!,
    MONGODB_DB: env.MONGODB_DB!,
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    RETRY_BASE_MS: '200',
    RETRY_MAX_MS: '2000',
    SHUTDOWN_TIMEOUT_MS: '10000',
  };
  const own: Record<Service, Record<string, string>> = {
    'card-worker': { CARD_REQUEST_TOPIC: t.cards, CARD_REPLY_TOPIC: t.cardReplies },
    'contact-worker': {
      CONTACT_REQUEST_TOPIC: t.contacts,
      CONTACT_REPLY_TOPIC: t.contactReplies,
      ACCOUNT_REQUEST_TOPIC: t.accounts,
      ACCOUNT_REPLY_TOPIC: t.accountReplies,
      CONTACT_EVENT_TOPIC: t.events,
    },
    'mail-worker': {
      CONTACT_EVENT_TOPIC: t.events,
      SMTP_URL: env.SMTP_URL!,
      MAIL_FROM: 'noreply@mypage.example.jp',
      MYPAGE_URL: 'https://mypage.example.jp/',
      MAIL_RATE_PER_SEC: '300',
      MAIL_POLL_MS: '200',
      MAIL_LEASE_MS: '5000',
      MAIL_RETRY_BASE_MS: '1000',
      MAIL_RETRY_MAX_MS: '4000',
      MAIL_MAX_ATTEMPTS: '30',
      MAIL_DISPATCH_CONCURRENCY: '16',
      SMTP_MAX_CONNECTIONS: '10',
    },
  };
  return (s) => ({ ...common, ...own[s], CONSUMER_GROUP: `${prefix}${s}` });
}

export async function chaosRun(o: ChaosOptions, say: (line: string) => void): Promise<ChaosResult> {
  const production = o.brokers > 1 || o.proxy;
  const stack = await benchEnv(say, undefined, 'chaos', { brokers: o.brokers, proxy: o.proxy });
  const { env, prefix } = stack;
  const t = topicsOf(prefix);
  const logDir = join(repoRoot, '.stack', 'chaos', prefix.replace(/\.$/, ''));
  mkdirSync(logDir, { recursive: true });
  // The run's reader and admin: the runtime's client (its kafkajs fixes included, as a client of
  // ours has them), its warnings in reader.log beside the workers' logs, to trace a wait of the
  // reader's own (docs/reliability.md, runs 17 and 18).
  const readerLog = createWriteStream(join(logDir, 'reader.log'));
  const kafka = kafkaClient({ KAFKA_BROKERS: env.KAFKA_BROKERS!, KAFKA_SSL: false }, 'chaos', {
    logger: createLogger({ service: 'chaos-reader', level: 'warn', destination: readerLog }),
  });
  const mongo = await MongoClient.connect(env.MONGODB_URI!);
  const fleet = new Fleet(workerEnv(env, t, prefix), logDir);
  const sender = RequestSender.open(env, prefix, 'chaos');
  let observer: Observer | undefined;
  let keep = true;
  try {
    const mix = chaosMix(o.requests, { cards: t.cards, contacts: t.contacts, accounts: t.accounts }, prefix, o.seed);
    const prepared = await sender.prepare(mix.requests);
    say(
      `${o.requests} requests (seed ${o.seed}) encoded; the fault-free reference run, and ${o.processes} processes of each worker starting (logs in ${logDir})…`,
    );
    const registry = new SchemaRegistry(
      { host: env.SCHEMA_REGISTRY_URL! },
      { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
    );
    // The reference reads the very bytes the run sends.
    const reference = Promise.all(
      mix.requests.map(async (r, i) => ({ ...r, value: await registry.decode(prepared[i]!.message.value) })),
    ).then((d) => referenceRun(chaosRoutes(t, benchKeys), d));
    const [ref] = await Promise.all([reference, fleet.startMembers(o.processes)]);
    observer = await Observer.open(kafka, env.SCHEMA_REGISTRY_URL!, `${prefix}observer`, {
      replies: [t.cardReplies, t.contactReplies, t.accountReplies],
      events: [t.events],
      raw: [t.cards, t.contacts, t.accounts, ...[t.cards, t.contacts, t.accounts, t.events].map(dlqTopicOf)],
      requests: [t.cards, t.contacts, t.accounts],
    });
    const seen = observer;
    const control = async (c: string, action: 'stop' | 'start'): Promise<void> => {
      const res = await fetch(`${env.STACK_CONTROL_URL}/components/${c}/${action}`, { method: 'POST' });
      if (!res.ok) throw new Error(`stack control ${action} ${c}: ${res.status}`);
      say(`${c} ${action === 'stop' ? 'stopped' : 'started'} at ${Math.round((seen.replyCount / o.requests) * 100)} %`);
    };
    const started = Date.now();
    let faultsDone = false;
    const ours = Object.values(t).flatMap((x) => [x, dlqTopicOf(x)]);
    const more = production
      ? productionSteps(new StackControl(env), { brokers: o.brokers, topics: ours, brokerDownMs: 10_000 }, say)
      : [];
    const faults = runFaults(o, fleet, () => seen.replyCount / o.requests, control, more).finally(
      () => (faultsDone = true),
    );
    // Awaited once the traffic is sent; a fault that fails meanwhile must not end the process unhandled.
    faults.catch(() => undefined);
    const holdFrom = Math.floor(o.requests * 0.95);
    // Broker restarts wait for every replica to be back in sync (minutes on two cores): the
    // production faults get their own allowance on top of the traffic's.
    const budget = Math.max(180_000, o.requests * 60) + (production ? 900_000 : 0);
    const sendLog = await sendAll(
      sender,
      prepared.map((p, i) => ({ prepared: p, after: mix.requests[i]!.after })),
      {
        rate: o.rate,
        window: o.window,
        replies: () => seen.replyCount,
        answered: (id) => seen.replies.has(id),
        hold: (i) => i >= holdFrom && !faultsDone,
        deadline: started + budget,
        onSendError: (err, attempt) =>
          say(`send failed (attempt ${attempt}: ${err instanceof Error ? err.message : String(err)}); sending again`),
      },
    );
    const faultRecords = await faults;
    const sends = new Map<string, number>();
    for (const r of mix.requests) sends.set(r.requestId, (sends.get(r.requestId) ?? 0) + 1);
    // Every request answered; a wait with no new reply for 2 minutes ends (the figures say what is missing).
    let last = { count: -1, at: Date.now() };
    await until(
      () => {
        if (seen.replyCount !== last.count) last = { count: seen.replyCount, at: Date.now() };
        return (
          Date.now() - last.at > 120_000 || [...sends].every(([id, n]) => (seen.replies.get(id)?.length ?? 0) >= n)
        );
      },
      budget,
      1_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const sendTimes = [...sendLog.values()].flat();
    const pause = longestPause(seen.arrivals, sendTimes, started, started + seconds * 1000);
    const madePause = longestPause(seen.produced, sendTimes, started, started + seconds * 1000);
    say(`traffic done in ${seconds.toFixed(0)} s; waiting for the mail to settle…`);
    const db = mongo.db(env.MONGODB_DB!);
    await until(async () => (await mailState(db, env.MAIL_API_URL!, mix, ref, 'contacts')).settled, 600_000, 2_000);
    say('mail settled; SIGTERM to every process…');
    const unexpected = [...fleet.unexpected];
    await fleet.stopMembers();
    say('stopped; checking…');
    await sleep(1_000);
    const groups: [string, string[]][] = [
      ['card-worker', [t.cards]],
      ['contact-worker', [t.contacts, t.accounts]],
      ['mail-worker', [t.events]],
    ];
    const lags = await Promise.all(
      groups.map(async ([s, topics]) => [s, await seen.lag(`${prefix}${s}`, topics)] as const),
    );
    const dlq = [t.cards, t.contacts, t.accounts, t.events].reduce(
      (s, x) => s + (seen.counts.get(dlqTopicOf(x)) ?? 0),
      0,
    );
    const slowTerm = fleet.terms.filter((x) => x.code !== 0 || x.ms > 30_000);
    const figures: Figure[] = [
      figure('requests sent (messages, re-sends included)', o.requests, true),
      figure('throughput under faults', `${Math.round(o.requests / seconds)} req/s over ${seconds.toFixed(0)} s`, true),
      figure(
        'longest wait with requests outstanding and nothing answered',
        `${(pause.ms / 1000).toFixed(1)} s (from ${((pause.at - started) / 1000).toFixed(0)} s into the run)`,
        true,
      ),
      figure(
        "the same by the replies' own timestamps (when the workers produced them)",
        `${(madePause.ms / 1000).toFixed(1)} s (from ${((madePause.at - started) / 1000).toFixed(0)} s into the run)`,
        true,
      ),
      figure(
        'SIGKILLs after ≥ 20 % answered (each restarted)',
        faultRecords.filter((f) => /^SIGKILL .*, restarted$/.test(f.what) && f.at >= 0.2).length,
        faultRecords.filter((f) => /^SIGKILL .*, restarted$/.test(f.what) && f.at >= 0.2).length >= o.kills,
      ),
      figure(
        'join/leave cycles (two rebalances each)',
        faultRecords.filter((f) => f.what.includes('joiner')).length,
        faultRecords.filter((f) => f.what.includes('joiner')).length >= o.cycles,
      ),
      ...(production
        ? [figure('production faults done (brokers, network)', `${more.length} of ${more.length}`, true)]
        : []),
      ...replyFigures(mix.requests, seen, ref),
      ...eventFigures(seen, ref, 'contacts'),
      ...(await patiently(() => storeFigures(db, ref))),
      ...(await patiently(() => mailState(db, env.MAIL_API_URL!, mix, ref, 'contacts'))).figures,
      figure('dead letters', dlq, dlq === 0),
      ...lags.map(([s, lag]) => figure(`lag of ${s} at the end`, lag, lag === 0)),
      figure(
        'SIGTERMs that exited 0 within 30 s',
        `${fleet.terms.length - slowTerm.length} of ${fleet.terms.length} (longest ${(Math.max(...fleet.terms.map((x) => x.ms)) / 1000).toFixed(1)} s)`,
        slowTerm.length === 0,
      ),
      figure(
        'processes that exited on their own',
        unexpected.map((u) => `${u.name} (${u.code ?? u.signal})`).join(', ') || 0,
        unexpected.length === 0,
      ),
    ];
    keep = figures.some((f) => !f.ok);
    if (keep) say(`the run's database ${env.MONGODB_DB} is kept for inspection`);
    return {
      options: o,
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`,
      seconds,
      faults: faultRecords,
      faultTable: faultTable(faultRecords, seen.arrivals, sendTimes, started, seen.produced),
      figures,
    };
  } catch (err) {
    await fleet.abort();
    throw err;
  } finally {
    await closeRun({ sender, observer, mongo, keep, stack });
    readerLog.end();
  }
}
