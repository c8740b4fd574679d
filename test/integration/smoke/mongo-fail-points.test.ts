// Guarantee: through MongoFaultProxy, the stack's database answers MongoDB's `failCommand` fail point as a
// mongod started with enableTestCommands does, so the real driver raises the very errors a replica set
// gives during a stepdown (codes, labels, write-concern errors, dropped connections) — and nothing else
// changes. What the driver does with them on this standalone server (FerretDB) is recorded here too.
import {
  type CommandFailedEvent,
  type Db,
  type Document,
  MongoClient,
  MongoNetworkError,
  MongoServerError,
  MongoWriteConcernError,
} from 'mongodb';
import * as os from 'node:os';
import { MongoFaultProxy } from '@workers/devstack';
import { stackEnv, uniqueName } from '../../support/stack-env';

const APP = uniqueName('fail-points');
// Under jest the driver cannot `import('os')` (no --experimental-vm-modules) and then sends a handshake
// without client metadata, appName included, to any server; handing it `os` restores the metadata.
const runtimeAdapters = { os };
let proxy: MongoFaultProxy;
let client: MongoClient;
let db: Db;
let dbName: string;
const failed: CommandFailedEvent[] = [];
const others: MongoClient[] = [];

/** A client of its own through the proxy (another appName, or other options). */
async function otherClient(appName: string, options: { retryReads?: boolean } = {}): Promise<MongoClient> {
  const c = await MongoClient.connect(proxy.uri, {
    appName,
    runtimeAdapters,
    serverSelectionTimeoutMS: 10_000,
    ...options,
  });
  others.push(c);
  return c;
}

const failPoint = (mode: unknown, data: Document): Promise<Document> =>
  client.db('admin').command({ configureFailPoint: 'failCommand', mode, data });

const caught = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'no error',
    (e: unknown) => e,
  );

beforeAll(async () => {
  proxy = MongoFaultProxy.forUri(stackEnv().mongoUri);
  await proxy.start();
  client = await MongoClient.connect(proxy.uri, {
    appName: APP,
    runtimeAdapters,
    monitorCommands: true,
    serverSelectionTimeoutMS: 10_000,
  });
  client.on('commandFailed', (e) => failed.push(e));
  dbName = uniqueName('failpoints').replace(/[-.]/g, '_');
  db = client.db(dbName);
});

beforeEach(() => {
  failed.length = 0;
});

afterEach(async () => {
  await client.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  for (const c of [client, ...others]) await c.close();
  await proxy.stop();
});

test('without a fail point every command reaches the database unchanged', async () => {
  const cards = db.collection<{ _id: string; state: string }>('plain');
  await cards.insertMany([
    { _id: 'a', state: 'WAITING' },
    { _id: 'b', state: 'WAITING' },
  ]);
  expect((await cards.updateOne({ _id: 'a' }, { $set: { state: 'ACTIVE' } })).modifiedCount).toBe(1);
  expect(await cards.find().sort({ _id: 1 }).toArray()).toEqual([
    { _id: 'a', state: 'ACTIVE' },
    { _id: 'b', state: 'WAITING' },
  ]);
  expect((await cards.deleteOne({ _id: 'b' })).deletedCount).toBe(1);
  expect(await cards.countDocuments()).toBe(1);
});

test('{times: 2} of NotWritablePrimary on find: two failures, then the find succeeds', async () => {
  const noRetry = (await otherClient(APP, { retryReads: false })).db(dbName).collection('reads');
  await noRetry.insertOne({ _id: 1 } as Document);
  expect(await failPoint({ times: 2 }, { failCommands: ['find'], errorCode: 10107 })).toMatchObject({ ok: 1 });
  for (const attempt of [1, 2]) {
    const err = await caught(noRetry.findOne({}));
    expect([attempt, err]).toEqual([attempt, expect.any(MongoServerError)]);
    expect((err as MongoServerError).code).toBe(10107);
    expect((err as MongoServerError).codeName).toBe('NotWritablePrimary');
  }
  expect(await noRetry.findOne({})).toEqual({ _id: 1 });
});

test('with retryReads (the default) the driver retries a read once, even on a standalone server', async () => {
  const reads = db.collection('reads-retried');
  await reads.insertOne({ _id: 1 } as Document);
  await failPoint({ times: 1 }, { failCommands: ['find'], errorCode: 10107 });
  expect(await reads.findOne({})).toEqual({ _id: 1 }); // the one failure was retried away
  expect(failed.map((e) => e.commandName)).toEqual(['find']);
  await failPoint({ times: 2 }, { failCommands: ['find'], errorCode: 189 });
  expect(((await caught(reads.findOne({}))) as MongoServerError).code).toBe(189); // first try and its one retry
  expect(failed.map((e) => e.commandName)).toEqual(['find', 'find', 'find']);
  expect(await reads.findOne({})).toEqual({ _id: 1 });
});

test('each stepdown-shaped code reaches the caller with its name, and a write is not retried here', async () => {
  const writes = db.collection('stepdown');
  const codes = {
    10107: 'NotWritablePrimary',
    189: 'PrimarySteppedDown',
    11602: 'InterruptedDueToReplStateChange',
    13435: 'NotPrimaryNoSecondaryOk',
    13436: 'NotPrimaryOrSecondary',
    91: 'ShutdownInProgress',
    11600: 'InterruptedAtShutdown',
  };
  for (const [code, name] of Object.entries(codes)) {
    await failPoint(
      { times: 1 },
      { failCommands: ['insert'], errorCode: Number(code), errorLabels: ['RetryableWriteError'] },
    );
    const err = await caught(writes.insertOne({ code }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect([(err as MongoServerError).code, (err as MongoServerError).codeName]).toEqual([Number(code), name]);
    expect((err as MongoServerError).hasErrorLabel('RetryableWriteError')).toBe(true);
  }
  // FerretDB reports a standalone, where retryable writes do not exist: one attempt per insert, none written.
  expect(failed.map((e) => e.commandName)).toEqual(Array(7).fill('insert'));
  expect(await writes.countDocuments()).toBe(0);
});

test('a writeConcernError on update raises MongoWriteConcernError after the update applied', async () => {
  const docs = db.collection<{ _id: string; v: number }>('wce');
  await docs.insertOne({ _id: 'x', v: 1 });
  const writeConcernError = {
    code: 64,
    codeName: 'WriteConcernFailed',
    errmsg: 'waiting for replication timed out',
    errInfo: { wtimeout: true },
  };
  await failPoint({ times: 1 }, { failCommands: ['update'], writeConcernError });
  const err = await caught(docs.updateOne({ _id: 'x' }, { $set: { v: 2 } }));
  expect(err).toBeInstanceOf(MongoWriteConcernError);
  expect((err as MongoWriteConcernError).code).toBe(64);
  expect((err as MongoWriteConcernError).errInfo).toEqual({ wtimeout: true });
  expect((err as MongoWriteConcernError).result).toMatchObject({ ok: 1, n: 1, nModified: 1, writeConcernError });
  expect(await docs.findOne({ _id: 'x' })).toEqual({ _id: 'x', v: 2 });
});

test('closeConnection drops the connection: MongoNetworkError, nothing written, the next insert works', async () => {
  const docs = db.collection('closed');
  await failPoint({ times: 1 }, { failCommands: ['insert'], closeConnection: true });
  const err = await caught(docs.insertOne({ n: 1 }));
  expect(err).toBeInstanceOf(MongoNetworkError);
  await docs.insertOne({ n: 2 });
  expect(await docs.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ n: 2 }]);
});

test('blockConnection holds the command for blockTimeMS, then runs it', async () => {
  const docs = db.collection('blocked');
  await failPoint({ times: 1 }, { failCommands: ['insert'], blockConnection: true, blockTimeMS: 400 });
  const started = Date.now();
  await docs.insertOne({ n: 1 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  expect(await docs.countDocuments()).toBe(1);
});

test('appName confines a fail point to one client; mode off clears it', async () => {
  const bystander = (await otherClient(uniqueName('bystander'))).db(dbName).collection('apps');
  const mine = db.collection('apps');
  await mine.insertOne({ _id: 1 } as Document);
  await failPoint('alwaysOn', { failCommands: ['find', 'count', 'aggregate'], errorCode: 91, appName: APP });
  expect(await bystander.findOne({})).toEqual({ _id: 1 });
  expect(((await caught(mine.findOne({}))) as MongoServerError).code).toBe(91);
  expect(((await caught(mine.findOne({}))) as MongoServerError).code).toBe(91);
  await failPoint('off', {});
  expect(await mine.findOne({})).toEqual({ _id: 1 });
});
