// Guarantee: the local database is a real MongoDB wire-protocol server that does
// what the workers rely on — insert, a conditional findOneAndUpdate, a unique index
// that raises duplicate-key errors, and $push with $each — and it says what it is.
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { stackEnv, uniqueName } from '../../support/stack-env';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(stackEnv().mongoUri);
  db = client.db(uniqueName('smoke').replace(/[-.]/g, '_'));
  const info = await db.admin().command({ buildInfo: 1 });
  process.stdout.write(
    `[mongodb] buildInfo version=${String(info.version)} ferretdb=${String(info.ferretdbVersion ?? 'no')}\n`,
  );
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

test('insert and a findOneAndUpdate that applies only when its condition holds', async () => {
  const cards = db.collection<{ _id: string; state: string; version: number }>('cards');
  await cards.insertOne({ _id: 'c1', state: 'WAITING', version: 1 });
  const hit = await cards.findOneAndUpdate(
    { _id: 'c1', state: 'WAITING' },
    { $set: { state: 'ACTIVE' }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  );
  expect(hit).toEqual({ _id: 'c1', state: 'ACTIVE', version: 2 });
  const miss = await cards.findOneAndUpdate({ _id: 'c1', state: 'WAITING' }, { $set: { state: 'LOCKED' } });
  expect(miss).toBeNull();
  expect(await cards.findOne({ _id: 'c1' })).toMatchObject({ state: 'ACTIVE' });
});

test('a unique index yields a duplicate-key error (11000)', async () => {
  const accounts = db.collection('accounts');
  await accounts.createIndex({ emailHash: 1 }, { unique: true });
  await accounts.insertOne({ emailHash: 'h1' });
  const err = await accounts.insertOne({ emailHash: 'h1' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MongoServerError);
  expect((err as MongoServerError).code).toBe(11000);
});

test('$push with $each appends several elements in one update', async () => {
  const log = db.collection<{ _id: string; events: string[] }>('log');
  await log.insertOne({ _id: 'x', events: ['a'] });
  await log.updateOne({ _id: 'x' }, { $push: { events: { $each: ['b', 'c'] } } });
  expect((await log.findOne({ _id: 'x' }))?.events).toEqual(['a', 'b', 'c']);
});

test('money is stored exactly as integer minor units (no Decimal128 needed)', async () => {
  const wallets = db.collection<{ _id: string; balanceMinor: number }>('wallets');
  await wallets.insertOne({ _id: 'w', balanceMinor: 1999 });
  await wallets.updateOne({ _id: 'w' }, { $inc: { balanceMinor: 1 } });
  expect((await wallets.findOne({ _id: 'w' }))?.balanceMinor).toBe(2000);
});
