// Guarantee: the MongoDB entity and processed stores keep the contracts of the
// in-memory ones on the real database (FerretDB or mongod) — and a write by another
// worker that bumps `_rev` (the mail worker's mail-sent flag) is never overwritten
// by a stale write of the contact worker.
import { MongoClient, type Db } from 'mongodb';
import { mongoEntityStore, mongoProcessedStore } from '@workers/runtime';
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
