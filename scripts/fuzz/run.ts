// One fuzz run: private topics and database on the local stack, the compiled card
// and contact workers (info logs kept), the hostile messages (hostile.ts) across
// the three request topics, then valid requests (valid.ts); then what became of
// each message, what every topic of the cluster received, lag, liveness and the logs.
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { dlqTopicOf } from '@workers/contracts';
import { repoRoot } from '@workers/devstack';
import { createTopicsReady } from '@workers/runtime';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { benchEnv } from '../bench/bench-env';
import { closeRun } from '../chaos/close-run';
import { figure, type Figure } from '../chaos/figures';
import { Fleet, type Service } from '../chaos/fleet';
import { Observer } from '../chaos/observe';
import { topicsOf } from '../chaos/topics';
import { hostile, type Fuzzed } from './hostile';
import { targets as targetsOf, type Target } from './targets';
import { grown, INTERNAL, snapshot } from './topic-watch';
import { RequestSender } from '../lib/request-sender';
import { produce, rawWrites, requestWrites } from './produce';
import { validRequests, type ValidRequest } from './valid';
import { logFigures, outcomeFigures, settled, type Origins } from './verify';

export interface FuzzOptions {
  hostile: number;
  valid: number;
  seed: number;
  processes: number;
}

export interface FuzzResult {
  date: string;
  machine: string;
  seconds: number;
  figures: Figure[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function fuzzRun(o: FuzzOptions, say: (line: string) => void): Promise<FuzzResult> {
  const stack = await benchEnv(say, undefined, 'fuzz');
  const { env, prefix } = stack;
  const tag = prefix.replace(/[^A-Za-z0-9]/g, '');
  // The event topic apart from `t`: it is no topic of the routes' replies and DLQs (`mine` below).
  const { events, ...t } = topicsOf(prefix);
  const extraReply = `${t.cardReplies}.pos`;
  const kafka = new Kafka({ clientId: 'fuzz', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsReady(admin, [
    { topic: extraReply, numPartitions: 6, replicationFactor: Number(env.STACK_REPLICATION_FACTOR ?? '1') },
  ]);
  await admin.disconnect();
  const registry = new SchemaRegistry({ host: env.SCHEMA_REGISTRY_URL! });
  const ids = {
    card: await registry.getLatestSchemaId(`${t.cards}-value`),
    contact: await registry.getLatestSchemaId(`${t.contacts}-value`),
    account: await registry.getLatestSchemaId(`${t.accounts}-value`),
  };
  const targets = targetsOf(t, ids, tag);
  const forbidden = (x: Target): string[] => [
    ...INTERNAL,
    x.topic,
    dlqTopicOf(x.topic),
    ...targets.filter((y) => y !== x).map((y) => y.replyTopic),
    events,
    'no.such.topic',
    `${x.replyTopic} `,
    'r'.repeat(300),
    '',
  ];
  const h: Fuzzed[] = hostile(o.hostile, targets, forbidden, tag, o.seed);
  const v: { requests: ValidRequest[]; personal: string[] } = validRequests(o.valid, targets, extraReply, tag);
  const services: Service[] = ['card-worker', 'contact-worker'];
  const logDir = join(repoRoot, '.stack', 'fuzz', prefix.replace(/\.$/, ''));
  mkdirSync(logDir, { recursive: true });
  const fleet = new Fleet(
    (s) => ({
      KAFKA_BROKERS: env.KAFKA_BROKERS!,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL!,
      MONGODB_URI: env.MONGODB_URI!,
      MONGODB_DB: env.MONGODB_DB!,
      CONSUMER_GROUP: `${prefix}${s}`,
      CARD_REQUEST_TOPIC: t.cards,
      CARD_REPLY_TOPIC: t.cardReplies,
      CARD_EXTRA_REPLY_TOPICS: extraReply,
      CONTACT_REQUEST_TOPIC: t.contacts,
      CONTACT_REPLY_TOPIC: t.contactReplies,
      ACCOUNT_REQUEST_TOPIC: t.accounts,
      ACCOUNT_REPLY_TOPIC: t.accountReplies,
      CONTACT_EVENT_TOPIC: events,
      RETRY_BASE_MS: '200',
      RETRY_MAX_MS: '2000',
      KAFKA_SESSION_TIMEOUT_MS: '10000',
    }),
    logDir,
    'info',
  );
  const mongo = await MongoClient.connect(env.MONGODB_URI!);
  // The hostile messages' producer (bytes and headers no client writes); the valid requests go through the client.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const sender = RequestSender.open(env, prefix, 'fuzz');
  let seen: Observer | undefined;
  try {
    const before = await snapshot(kafka);
    seen = await Observer.open(kafka, env.SCHEMA_REGISTRY_URL!, `${prefix}observer`, {
      replies: [t.cardReplies, extraReply, t.contactReplies, t.accountReplies],
      events: [],
      raw: [t.cards, t.contacts, t.accounts, ...[t.cards, t.contacts, t.accounts].map(dlqTopicOf)],
    });
    say(
      `${h.length} hostile messages and ${v.requests.length} valid requests built; starting ${o.processes} process(es) of the card and contact workers (logs in ${logDir})…`,
    );
    await fleet.startMembers(o.processes, services);
    await producer.connect();
    const valid = await sender.prepare(
      v.requests.map((r) => ({
        topic: r.target.topic,
        key: r.key,
        requestId: r.id,
        value: r.value,
        headers: r.headers,
        ...(r.replyTopic !== r.target.replyTopic ? { replyTopic: r.replyTopic } : {}),
      })),
    );
    const started = Date.now();
    const origins: Origins = new Map();
    await produce(h, rawWrites(producer), origins);
    say(`hostile messages sent in ${((Date.now() - started) / 1000).toFixed(0)} s; now the valid requests…`);
    await produce(valid, requestWrites(sender), origins);
    const obs = seen;
    const deadline = Date.now() + Math.max(180_000, o.hostile * 30);
    while (!settled(h, v.requests, obs, origins) && Date.now() < deadline) await sleep(500);
    const seconds = (Date.now() - started) / 1000;
    say(`settled in ${seconds.toFixed(0)} s; checking…`);
    await sleep(2_000); // room for a stray second answer
    const ready = await Promise.all(
      [...fleet.members].map(
        async ([name, w]) =>
          [
            name,
            w.child.exitCode === null &&
              (await fetch(`http://127.0.0.1:${w.port}/readyz`).then(
                (r) => r.ok,
                () => false,
              )),
          ] as const,
      ),
    );
    const unexpected = [...fleet.unexpected];
    const db = mongo.db(env.MONGODB_DB!);
    const stored = v.requests.filter((r) => r.stored);
    const docs = new Map(
      (
        await db
          .collection<{ _id: string; title?: string }>('contacts')
          .find({ _id: { $in: stored.map((r) => r.stored!.id) } })
          .toArray()
      ).map((d) => [d._id, d]),
    );
    const notVerbatim = stored.filter((r) => docs.get(r.stored!.id)?.title !== r.stored!.value).length;
    await fleet.stopMembers();
    const lags = await Promise.all(
      services.map(
        async (s) =>
          [s, await obs.lag(`${prefix}${s}`, s === 'card-worker' ? [t.cards] : [t.contacts, t.accounts])] as const,
      ),
    );
    const after = await snapshot(kafka);
    const mine = new Set([...Object.values(t), extraReply, ...[t.cards, t.contacts, t.accounts].map(dlqTopicOf)]);
    const requestTopics = new Set([t.cards, t.contacts, t.accounts]);
    const sentTo = (topic: string): number => [...h, ...v.requests].filter((m) => m.target.topic === topic).length;
    const elsewhere = [...grown(before, after)].filter(
      ([topic, n]) => !mine.has(topic) || (requestTopics.has(topic) && Number(n) !== sentTo(topic)),
    );
    const logs = readdirSync(logDir).map((f) => join(logDir, f));
    const figures: Figure[] = [
      figure('hostile messages sent', h.length, h.length >= 1),
      ...outcomeFigures(h, v.requests, obs, origins),
      figure(
        'contact titles with operator, markup and bidi characters stored verbatim',
        `${stored.length - notVerbatim} of ${stored.length}`,
        notVerbatim === 0,
      ),
      figure(
        "topics written other than the routes' own replies and DLQs (every topic watched)",
        elsewhere.map(([x, n]) => `${x} +${n}`).join(', ') || 0,
        elsewhere.length === 0,
      ),
      figure(
        'processes alive and ready after the run',
        `${ready.filter(([, ok]) => ok).length} of ${ready.length}`,
        ready.every(([, ok]) => ok),
      ),
      figure(
        'processes that exited on their own',
        unexpected.map((u) => `${u.name} (${u.code ?? u.signal})`).join(', ') || 0,
        unexpected.length === 0,
      ),
      ...lags.map(([s, lag]) => figure(`lag of ${s} at the end`, lag, lag === 0)),
      figure(
        'SIGTERMs that exited 0',
        `${fleet.terms.filter((x) => x.code === 0).length} of ${fleet.terms.length}`,
        fleet.terms.every((x) => x.code === 0),
      ),
      ...logFigures(logs, v.personal),
    ];
    return {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`,
      seconds,
      figures,
    };
  } catch (err) {
    await fleet.abort();
    throw err;
  } finally {
    await closeRun({ sender, producer, observer: seen, mongo, keep: false, stack });
  }
}
