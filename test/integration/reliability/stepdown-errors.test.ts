// Guarantee: a database that answers with errors of the failover kind — as a replica set
// does while its primary steps down (NotWritablePrimary 10107, NotPrimaryNoSecondaryOk
// 13435, PrimarySteppedDown 189, InterruptedDueToReplStateChange 11602, ShutdownInProgress
// 91) or cannot satisfy a write concern (64) — is a transient failure: readiness false
// while it lasts, every request answered exactly once with the code it gets without
// faults, no error reply, nothing dead-lettered, and no partition falls back on its
// outage wait (the errors are known as transient from their own codes). The errors come
// from MongoDB's `failCommand` fail point, answered by an in-process MongoFaultProxy in
// front of the stack's database, through the worker's real driver.
import { MongoFaultProxy } from '@workers/devstack';
import { MongoClient } from 'mongodb';
import {
  activate,
  CardScenario,
  lock,
  newCardNumber,
  register,
  type CardRequestInput,
} from '../../support/card-fixture';
import { kafkaClient } from '../../support/kafka-client';
import { stackEnv } from '../../support/stack-env';

let s: CardScenario;
let proxy: MongoFaultProxy;
let admin: MongoClient;
beforeAll(async () => {
  s = await CardScenario.open('stepdown', 3);
  proxy = MongoFaultProxy.forUri(stackEnv().mongoUri);
  await proxy.start();
  admin = await MongoClient.connect(proxy.uri, { directConnection: true });
});
afterAll(async () => {
  proxy?.clearFailPoints();
  await s?.close();
  await admin?.close();
  await proxy?.stop();
});

const READS = ['find', 'aggregate', 'count'];
const WRITES = ['insert', 'update', 'delete', 'findAndModify'];
const failCommand = (mode: unknown, data: Record<string, unknown> = {}) =>
  admin.db('admin').command({ configureFailPoint: 'failCommand', mode, data });

/** The faults in turn, each on for `ms`: what a stepdown, a shutdown and a lagging majority answer. */
const FAULTS: { name: string; ms: number; data: Record<string, unknown> }[] = [
  { name: 'NotWritablePrimary', ms: 2_000, data: { failCommands: [...READS, ...WRITES], errorCode: 10107 } },
  { name: 'NotPrimaryNoSecondaryOk', ms: 1_500, data: { failCommands: READS, errorCode: 13435 } },
  { name: 'PrimarySteppedDown', ms: 1_500, data: { failCommands: WRITES, errorCode: 189 } },
  {
    name: 'InterruptedDueToReplStateChange',
    ms: 1_500,
    data: { failCommands: [...READS, ...WRITES], errorCode: 11602 },
  },
  { name: 'ShutdownInProgress', ms: 1_500, data: { failCommands: [...READS, ...WRITES], errorCode: 91 } },
  {
    name: 'WriteConcernTimeout',
    ms: 2_000,
    data: {
      failCommands: WRITES,
      writeConcernError: { code: 64, codeName: 'WriteConcernTimeout', errmsg: 'waiting for replication timed out' },
    },
  },
];

const PHONE = '+48600100200';
/** Per card, requests whose answers do not depend on timing (one key: applied in order), and those answers. */
function mix(
  n: number,
  from: number,
): { first: CardRequestInput[]; then: CardRequestInput[]; expected: Map<string, string> } {
  const expected = new Map<string, string>();
  const first: CardRequestInput[] = [];
  const then: CardRequestInput[] = [];
  for (let i = from; i < from + n; i++) {
    const card = `${newCardNumber()}${i}`.slice(0, 19);
    const add = (list: CardRequestInput[], r: CardRequestInput, code: string): void => {
      list.push(r);
      expected.set(r.requestId, code);
    };
    add(first, register(`sd-${i}-r`, card, PHONE), 'Success');
    if (i % 3 === 0) add(then, register(`sd-${i}-again`, card, PHONE), 'CardAlreadyRegistered');
    if (i % 4 === 0) add(then, activate(`sd-${i}-act`, card, PHONE), 'Success');
    if (i % 4 === 2) add(then, activate(`sd-${i}-wrong`, card, '+48600999999'), 'IncorrectPhoneNumber');
    if (i % 5 === 0) add(then, lock(`sd-${i}-none`, `9${card}`.slice(0, 19)), 'CustomerWithGivenCardNumberNotFound');
  }
  return { first, then, expected };
}

test('stepdown-shaped errors and write-concern failures for ~10 s under load → all answered once, same codes, 0 dead letters', async () => {
  const w = await s.startWorker({ MONGODB_URI: proxy.uri });
  expect(await w.readyz()).toBe(200);
  const before = mix(60, 0);
  const during = mix(60, 60);
  await s.sendAll(before.first);
  await s.replies.waitFor((rs) => rs.length >= before.first.length, 60_000);

  let sawNotReady = false;
  const started = Date.now();
  for (const [i, fault] of FAULTS.entries()) {
    await failCommand('alwaysOn', fault.data);
    // Requests keep coming while the database answers errors.
    const part = (list: CardRequestInput[]) => list.filter((_, k) => k % FAULTS.length === i);
    await s.sendAll([...part(before.then), ...part(during.first)]);
    for (const until = Date.now() + fault.ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
      if ((await w.readyz()) === 503) sawNotReady = true;
  }
  await failCommand('off');
  const healed = Date.now();
  await s.sendAll(during.then);

  const expected = new Map([...before.expected, ...during.expected]);
  await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= expected.size, 120_000);
  const recovered = (Date.now() - healed) / 1000;
  await new Promise((r) => setTimeout(r, 1_500));
  const entered = proxy.failCommand.timesEntered;
  process.stdout.write(
    `[stepdown-errors] ${expected.size} requests, ${entered} commands failed over ${((healed - started) / 1000).toFixed(1)} s, ` +
      `all answered ${recovered.toFixed(1)} s after the faults ended; ${w.logs().filter((l) => l.event === 'retry.scheduled').length} retries\n`,
  );

  expect(entered).toBeGreaterThan(FAULTS.length);
  expect(sawNotReady).toBe(true);
  expect([...s.replyCounts()].filter(([, n]) => n !== 1)).toEqual([]);
  const got = new Map(s.replies.received.map((r) => [r.value.requestId, r.value.messageCode]));
  expect([...got].filter(([id, code]) => expected.get(id) !== code)).toEqual([]);
  expect(got.size).toBe(expected.size);
  const logs = w.logs();
  expect(logs.filter((l) => l.event === 'partition.waiting' || l.event === 'chunk.isolating')).toEqual([]);
  expect(logs.some((l) => l.event === 'retry.scheduled')).toBe(true);

  const kafka = kafkaClient().admin();
  await kafka.connect();
  try {
    const dlq = await kafka.fetchTopicOffsets(s.topics.dlq);
    expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
  } finally {
    await kafka.disconnect();
  }
  const deadline = Date.now() + 30_000;
  while ((await w.readyz()) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(await w.readyz()).toBe(200);
}, 240_000);
