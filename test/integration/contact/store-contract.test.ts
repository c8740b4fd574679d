// Guarantee: the MongoDB marked store (contacts and accounts are written through it)
// keeps the contract of the in-memory one the handler unit tests use, on the real
// database — and a write by another worker that bumps _rev (the mail worker's
// mail-sent flag) is never overwritten by a stale replace.
import { MongoClient, type Db } from 'mongodb';
import { mongoMarkedStore } from '@workers/runtime';
import { markedStoreContract } from '../../contract/marked-store.contract';
import { stackEnv, uniqueName } from '../../support/stack-env';

let client: MongoClient;
let db: Db;
let n = 0;

beforeAll(async () => {
  client = await MongoClient.connect(stackEnv().mongoUri);
  db = client.db(uniqueName('marked').replace(/[-.]/g, '_'));
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

markedStoreContract('mongoMarkedStore', async () => mongoMarkedStore(db.collection(`docs_${++n}`)));

test('a field set by another writer with $inc _rev survives: the stale replace fails and a re-read keeps it', async () => {
  const coll = db.collection('contacts_like');
  const store = mongoMarkedStore<{ title: string; mailSent?: boolean }>(coll);
  await store.insert('C-1', { title: 'a' }, 1, { requestId: 'r1', outcome: { code: 'Success' } });
  const read = await store.find('C-1');
  await coll.updateOne({ _id: 'C-1' as never }, { $set: { mailSent: true }, $inc: { _rev: 1 } });
  expect(await store.replace('C-1', { ...read!.record, title: 'b' }, read!.revision, { requestId: 'r2', outcome: { code: 'Success' } })).toBe(false);
  const again = await store.find('C-1');
  expect(again?.record).toEqual({ title: 'a', mailSent: true });
  expect(await store.replace('C-1', { ...again!.record, title: 'b' }, again!.revision, { requestId: 'r2', outcome: { code: 'Success' } })).toBe(true);
  expect((await store.find('C-1'))?.record).toEqual({ title: 'b', mailSent: true });
});
