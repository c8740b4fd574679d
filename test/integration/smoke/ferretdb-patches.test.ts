// Guarantee: the database answers the workers' batched queries as MongoDB does —
// with the local stack's patched FerretDB too (docs/ferretdb.md): an unordered bulk
// of 500 revision-conditional replaces (some stale, one on a missing document)
// writes exactly the matching ones and counts them right; `_id` with further
// conditions and `_id: {$in}` select exactly what they name; concurrent writes of
// every kind to one database (they queue for its one writer) all land; a document
// of every value type the workers store reads back exactly as it was written (the
// stored-JSON codec is a replacement library, patch 7); secondary indexes are listed,
// dropped and enforced (when unique) as made, though FerretDB builds only the unique
// ones (patch 8).
import { Binary, MongoClient, ObjectId, type Collection, type Db } from 'mongodb';
import { stackEnv, uniqueName } from '../../support/stack-env';

let client: MongoClient;
let db: Db;
let coll: Collection<{ _id: string; _rev: number; v: string }>;

beforeAll(async () => {
  client = await MongoClient.connect(stackEnv().mongoUri);
  db = client.db(uniqueName('patches').replace(/[-.]/g, '_'));
  coll = db.collection('docs');
  await coll.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: `d${i}`, _rev: 1, v: 'a' })));
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

test('500 conditional replaces in one unordered bulk: the current ones land, the stale and the missing do not', async () => {
  await coll.updateOne({ _id: 'd3' }, { $set: { _rev: 2 } });
  const ops = Array.from({ length: 500 }, (_, i) => ({
    replaceOne: { filter: { _id: `d${i}`, _rev: 1 }, replacement: { _rev: 9, v: `b${i}` } },
  }));
  ops.push({ replaceOne: { filter: { _id: 'missing', _rev: 1 }, replacement: { _rev: 9, v: 'x' } } });
  const r = await coll.bulkWrite(ops, { ordered: false });
  expect(r.matchedCount).toBe(499);
  expect(r.modifiedCount).toBe(499);
  expect(await coll.findOne({ _id: 'd3' })).toEqual({ _id: 'd3', _rev: 2, v: 'a' });
  expect(await coll.findOne({ _id: 'd4' })).toEqual({ _id: 'd4', _rev: 9, v: 'b4' });
  expect(await coll.findOne({ _id: 'missing' })).toBeNull();
  expect(await coll.countDocuments({ _rev: 9 })).toBe(499);
});

test('statements on the same _id in one bulk are applied in order (the optimisation stays out of their way)', async () => {
  const r = await coll.bulkWrite(
    [
      { replaceOne: { filter: { _id: 'd900', _rev: 1 }, replacement: { _rev: 2, v: 'first' } } },
      { replaceOne: { filter: { _id: 'd900', _rev: 2 }, replacement: { _rev: 3, v: 'second' } } },
    ],
    { ordered: true },
  );
  expect(r.matchedCount).toBe(2);
  expect(await coll.findOne({ _id: 'd900' })).toEqual({ _id: 'd900', _rev: 3, v: 'second' });
});

test('_id with further conditions, and _id: {$in}, select exactly what they name', async () => {
  expect(await coll.findOne({ _id: 'd950', _rev: 1 })).toEqual({ _id: 'd950', _rev: 1, v: 'a' });
  expect(await coll.findOne({ _id: 'd950', _rev: 2 })).toBeNull();
  const ids = ['d951', 'd952', 'nope', 'd953'];
  expect((await coll.find({ _id: { $in: ids } }).toArray()).map((d) => d._id).sort()).toEqual(['d951', 'd952', 'd953']);
  expect(await coll.find({ _id: { $in: ids }, v: 'zzz' }).toArray()).toEqual([]);
  expect((await coll.deleteMany({ _id: { $in: ['d960', 'd961'] }, _rev: 1 })).deletedCount).toBe(2);
});

test('concurrent writes of every kind to one database all land: inserts, bulk replaces, deletes, a new collection', async () => {
  const other = db.collection<{ _id: string; n: number }>('concurrent');
  const replaces = (from: number) =>
    coll.bulkWrite(
      Array.from({ length: 50 }, (_, i) => ({
        replaceOne: { filter: { _id: `d${from + i}`, _rev: 1 }, replacement: { _rev: 5, v: 'c' } },
      })),
      { ordered: false },
    );
  const results = await Promise.all([
    ...Array.from({ length: 6 }, (_, k) =>
      other.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: `k${k}-${i}`, n: i }))),
    ),
    replaces(500),
    replaces(550),
    replaces(600),
    coll.deleteMany({ _id: { $in: ['d700', 'd701', 'd702'] } }),
    db.collection('created-meanwhile').insertOne({ _id: 'x' } as never),
  ]);
  expect(results).toHaveLength(11);
  expect(await other.countDocuments()).toBe(600);
  expect(await coll.countDocuments({ _rev: 5 })).toBe(150);
  expect(await coll.countDocuments({ _id: { $in: ['d700', 'd701', 'd702'] } })).toBe(0);
  expect(await db.collection('created-meanwhile').countDocuments()).toBe(1);
});

test('a document of every value type the workers store, and of awkward text, reads back exactly as written', async () => {
  const doc = {
    _id: 'types <&> \u2028 "q" \\ ü',
    text: [
      '',
      'お知らせ（更新 1）',
      'emoji 👍🏽',
      '<script>&amp;</script>',
      'line\nbreak\ttab\u0000nul\u2029',
      'a'.repeat(10_000),
    ],
    numbers: { int: 42, negative: -1, max: 2_147_483_647, double: 1.5, big: 1e300, small: 5e-324 },
    long: 9_007_199_254_740_993n,
    when: new Date('2026-12-01T03:04:05.678Z'),
    nothing: null,
    flags: [true, false],
    nested: { deeper: { list: [1, 'two', { three: [] }], empty: {} } },
    bytes: new Binary(Buffer.from([0, 1, 2, 254, 255])),
    oid: new ObjectId('65f0a1b2c3d4e5f601234567'),
  };
  const typed = db.collection<typeof doc>('types');
  await typed.insertOne(doc);
  expect(await typed.findOne({ _id: doc._id }, { useBigInt64: true })).toEqual(doc);
  expect(await typed.countDocuments({ _id: { $in: [doc._id] } })).toBe(1);
});

test('secondary indexes: listed and dropped as made, queries by their fields exact, a unique one still refuses a duplicate', async () => {
  // On FerretDB a non-unique index is kept in the metadata only (patch 8): what a client
  // sees of it must not change.
  const people = db.collection<{ _id: string; personalId: string; kind: string; mail?: string }>('indexed');
  await people.createIndex({ personalId: 1, kind: 1 }, { name: 'open_items' });
  await people.createIndex({ mail: 1 }, { name: 'by_mail', unique: true, sparse: true });
  await people.insertMany(
    Array.from({ length: 300 }, (_, i) => ({ _id: `p${i}`, personalId: `c${i % 30}`, kind: i % 2 ? 'A' : 'B' })),
  );
  await people.updateMany({ personalId: 'c7' }, { $set: { kind: 'Z' } });
  expect(await people.countDocuments({ personalId: 'c7', kind: 'Z' })).toBe(10);
  expect(await people.countDocuments({ personalId: 'c8', kind: 'B' })).toBe(10);
  expect((await people.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'by_mail', 'open_items']);

  await people.updateOne({ _id: 'p1' }, { $set: { mail: 'x@example.com' } });
  await expect(
    people.insertOne({ _id: 'p300', personalId: 'c0', kind: 'A', mail: 'x@example.com' }),
  ).rejects.toMatchObject({
    code: 11000,
  });
  // An update onto a taken value is refused too (FerretDB answers it with code 1, not 11000).
  await expect(people.updateOne({ _id: 'p2' }, { $set: { mail: 'x@example.com' } })).rejects.toThrow(
    /E11000|UNIQUE constraint failed/,
  );
  expect(await people.countDocuments({ mail: 'x@example.com' })).toBe(1);

  await people.dropIndex('open_items');
  expect((await people.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'by_mail']);
  await people.createIndex({ personalId: 1, kind: 1 }, { name: 'open_items' });
  expect(await people.countDocuments({ kind: 'Z' })).toBe(10);
});
