// Guarantee: the MongoDB entity and processed stores keep the contracts of the
// in-memory ones on the real database (FerretDB or mongod) — and a write by another
// worker that bumps `_rev` (the mail worker's mail-sent flag) is never overwritten
// by a stale write of the contact worker; marks written by an earlier version (an
// `_applied` array of {r, o: outcome JSON text}) are still read and rewritten as
// `_marks`, and a document an earlier version writes again is read the same way.
import { MongoClient, type Db } from 'mongodb';
import { appliedRequestIds, mongoEntityStore, mongoProcessedStore } from '@workers/runtime';
import { entityStoreContract } from '../../contract/entity-store.contract';
import { processedStoreContract } from '../../contract/processed-store.contract';
import { stackEnv, uniqueName } from '../../support/stack-env';

let client: MongoClient;
let db: Db;
let n = 0;

beforeAll(async () => {
  client = await MongoClient.connect(stackEnv().mongoUri, { useBigInt64: true });
  db = client.db(uniqueName('stores').replace(/[-.]/g, '_'));
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

entityStoreContract('mongoEntityStore', async () => mongoEntityStore(db.collection(`entities_${++n}`)));
processedStoreContract('mongoProcessedStore', async () => mongoProcessedStore(db, `processed_${++n}`));

test('a field set by another writer with $inc _rev survives: the stale write conflicts and a re-read keeps it', async () => {
  const coll = db.collection('contacts_like');
  const store = mongoEntityStore<{ title: string; mailSent?: boolean }>(coll);
  await store.save([
    { id: 'C-1', record: { title: 'a' }, expected: null, applied: [{ requestId: 'r1', outcome: { code: 'Success' } }] },
  ]);
  const read = (await store.load(['C-1'])).get('C-1')!;
  await coll.updateOne({ _id: 'C-1' as never }, { $set: { mailSent: true }, $inc: { _rev: 1 } });
  const write = {
    id: 'C-1',
    record: { ...read.record, title: 'b' },
    expected: read.revision,
    applied: [{ requestId: 'r2', outcome: { code: 'Success' } }],
  };
  expect(await store.save([write])).toEqual(new Set(['C-1']));
  const again = (await store.load(['C-1'])).get('C-1')!;
  expect(again.record).toEqual({ title: 'a', mailSent: true });
  expect(await store.save([{ ...write, record: { ...again.record, title: 'b' }, expected: again.revision }])).toEqual(
    new Set(),
  );
  expect((await store.load(['C-1'])).get('C-1')?.record).toEqual({ title: 'b', mailSent: true });
});

test('marks in the earlier array form are read, and rewritten as one JSON text in `_marks`', async () => {
  const coll = db.collection('legacy_marks');
  await coll.insertOne({
    _id: 'L-1' as never,
    title: 'a',
    _rev: 3,
    _applied: [{ r: 'old-1', o: JSON.stringify({ code: 'Success', entity: { n: { $bigint: '7' } } }) }],
  });
  const store = mongoEntityStore<{ title: string }>(coll);
  const read = (await store.load(['L-1'])).get('L-1')!;
  expect(read).toEqual({
    record: { title: 'a' },
    revision: 3,
    applied: [{ requestId: 'old-1', outcome: { code: 'Success', entity: { n: 7n } } }],
  });
  const applied = [...read.applied, { requestId: 'new-1', outcome: { code: 'Success' } }];
  expect(await store.save([{ id: 'L-1', record: { title: 'b' }, expected: 3, applied }])).toEqual(new Set());
  const raw = await coll.findOne({ _id: 'L-1' as never });
  expect(typeof raw?._marks).toBe('string');
  expect(raw?._applied).toBeUndefined();
  expect(appliedRequestIds(raw!)).toEqual(['old-1', 'new-1']);
  expect((await store.load(['L-1'])).get('L-1')?.applied).toEqual(applied);
  // An earlier version, still running during a rolling upgrade, replaces the document
  // whole in its own form: `_marks` goes, its `_applied` array is what is read.
  await coll.replaceOne(
    { _id: 'L-1' as never },
    { title: 'c', _rev: 5, _applied: [{ r: 'old-2', o: JSON.stringify({ code: 'Success' }) }] },
  );
  expect((await store.load(['L-1'])).get('L-1')).toEqual({
    record: { title: 'c' },
    revision: 5,
    applied: [{ requestId: 'old-2', outcome: { code: 'Success' } }],
  });
});

test('marks that are neither form are handed over as they are, for the engine to refuse', async () => {
  const coll = db.collection('unreadable_marks');
  await coll.insertMany([
    { _id: 'U-1' as never, _rev: 1, _marks: 'corrupted' },
    { _id: 'U-2' as never, _rev: 1, _marks: '[{"x": 1}]' },
    { _id: 'U-3' as never, _rev: 1, _applied: 'not a list' },
  ]);
  const got = await mongoEntityStore(coll).load(['U-1', 'U-2', 'U-3']);
  expect(got.get('U-1')?.applied).toBe('corrupted');
  expect(got.get('U-2')?.applied).toBe('[{"x": 1}]');
  expect(got.get('U-3')?.applied).toBe('not a list');
  expect(appliedRequestIds({ _marks: 'corrupted' })).toEqual([]);
});
