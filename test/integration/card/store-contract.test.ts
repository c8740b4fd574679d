// Guarantee: the MongoDB card store keeps the same contract as the in-memory one the handler unit tests use (test/contract/card-store.contract.ts), on the real database.
// Each test gets its own collection in a fresh database, dropped at the end.
import { MongoClient, type Db } from 'mongodb';
import { mongoCardStore } from '../../../services/card-worker/src/store/mongo-card-store';
import { cardStoreContract } from '../../contract/card-store.contract';
import { stackEnv, uniqueName } from '../../support/stack-env';

let client: MongoClient | undefined;
let db: Db | undefined;
let collections = 0;

async function database(): Promise<Db> {
  if (!db) {
    // MONGODB_URI is set by the test setup; money is int64, read back as bigint as the worker does.
    client = new MongoClient(stackEnv().mongoUri, { useBigInt64: true });
    await client.connect();
    db = client.db(uniqueName('store').replace(/[-.]/g, '_'));
  }
  return db;
}

cardStoreContract(
  'mongoCardStore',
  async () => mongoCardStore(await database(), `cards_${++collections}`),
  async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  },
);
