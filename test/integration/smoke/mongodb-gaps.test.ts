// Guarantee: the FerretDB v1 gaps written down in docs/ferretdb.md are exactly the
// ones the server has (each probe asserts the documented answer for the server in
// use, FerretDB or mongod), and the workaround the code uses works on either.
import { Decimal128, MongoClient, type Db } from 'mongodb';
import { ensureExpiryIndex } from '@workers/runtime';
import { stackEnv, uniqueName } from '../../support/stack-env';

let client: MongoClient;
let db: Db;
let ferret = false;

beforeAll(async () => {
  client = await MongoClient.connect(stackEnv().mongoUri);
  db = client.db(uniqueName('gaps').replace(/[-.]/g, '_'));
  const info = await db.admin().command({ buildInfo: 1 });
  ferret = typeof info.ferretdbVersion === 'string';
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

test('multi-document transactions: absent on FerretDB; one atomic single-document update carries effect and marker', async () => {
  const coll = db.collection<{ _id: string; n: number; marks: string[] }>('tx');
  await coll.insertOne({ _id: 'a', n: 0, marks: [] });
  const session = client.startSession();
  const tx = await session
    .withTransaction(async () => {
      await coll.updateOne({ _id: 'a' }, { $inc: { n: 1 } }, { session });
    })
    .then(
      () => 'supported',
      () => 'unsupported',
    )
    .finally(() => session.endSession());
  // Standalone mongod has no transactions either; a replica set has them.
  if (ferret) expect(tx).toBe('unsupported');

  const before = (await coll.findOne({ _id: 'a' }))?.n ?? 0;
  const apply = () =>
    coll.updateOne({ _id: 'a', marks: { $ne: 'req-1' } }, { $inc: { n: 1 }, $push: { marks: 'req-1' } });
  expect((await apply()).modifiedCount).toBe(1);
  expect((await apply()).modifiedCount).toBe(0);
  expect((await coll.findOne({ _id: 'a' }))?.n).toBe(before + 1);
});

test('TTL: FerretDB refuses expireAfterSeconds; ensureExpiryIndex falls back to a purge index', async () => {
  const coll = db.collection('ttl');
  const refused = await coll.createIndex({ at: 1 }, { expireAfterSeconds: 0 }).then(
    () => false,
    () => true,
  );
  expect(refused).toBe(ferret);
  expect(await ensureExpiryIndex(coll, 'expiresAt')).toBe(ferret ? 'purge-only' : 'ttl');
  await coll.insertMany([{ expiresAt: new Date(Date.now() - 1000) }, { expiresAt: new Date(Date.now() + 3_600_000) }]);
  expect((await coll.deleteMany({ expiresAt: { $lte: new Date() } })).deletedCount).toBe(1);
});

test('Decimal128: refused by FerretDB; money is int64 minor units instead', async () => {
  const coll = db.collection('dec');
  const stored = await coll.insertOne({ v: Decimal128.fromString('12.34') }).then(
    () => true,
    () => false,
  );
  expect(stored).toBe(!ferret);
  await coll.insertOne({ _id: 'w' as never, minor: 9_007_199_254_740_993n });
  const c2 = new MongoClient(stackEnv().mongoUri, { useBigInt64: true });
  const back = await c2
    .db(db.databaseName)
    .collection('dec')
    .findOne({ _id: 'w' as never });
  await c2.close();
  expect(back?.minor).toBe(9_007_199_254_740_993n);
});

test('$push with $slice: FerretDB ignores $slice; capped lists are trimmed by the application', async () => {
  const coll = db.collection<{ _id: string; xs: number[] }>('slice');
  await coll.insertOne({ _id: 's', xs: [1, 2, 3] });
  const result = await coll.updateOne({ _id: 's' }, { $push: { xs: { $each: [4], $slice: -2 } } }).then(
    async () => JSON.stringify((await coll.findOne({ _id: 's' }))?.xs),
    (e: Error) => `refused: ${e.message}`,
  );
  // FerretDB v1 accepts the update and silently ignores $slice: the list is not trimmed.
  expect(result).toBe(ferret ? '[1,2,3,4]' : '[3,4]');
});

test('an update onto a value a unique index holds: refused on both, FerretDB with code 1 instead of 11000; no update of ours changes a unique field', async () => {
  const coll = db.collection<{ _id: string; customerId: string }>('unique_update');
  await coll.createIndex({ customerId: 1 }, { unique: true });
  await coll.insertMany([
    { _id: 'a', customerId: 'c1' },
    { _id: 'b', customerId: 'c2' },
  ]);
  // An insert of a taken value is refused with 11000 on both (the card worker's RegisterCard relies on it).
  await expect(coll.insertOne({ _id: 'c', customerId: 'c1' })).rejects.toMatchObject({ code: 11000 });
  const err = await coll.updateOne({ _id: 'b' }, { $set: { customerId: 'c1' } }).then(
    () => null,
    (e: { code?: number }) => e,
  );
  expect(err?.code).toBe(ferret ? 1 : 11000);
  expect(await coll.countDocuments({ customerId: 'c1' })).toBe(1);
});
