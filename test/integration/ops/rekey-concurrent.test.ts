// Guarantee: `ops rekey` never overwrites a write a worker makes while it runs. A
// field that changes between rekey's read and its write (here: a new address
// written under the current key, `_rev` bumped, as the contact worker writes) keeps
// the worker's value; rekey reads it again and counts it current, and every other
// field of the page is still re-encrypted.
import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { sealedAt } from '@workers/contracts';
import { type EncryptedField, fieldCryptoFromConfig } from '@workers/runtime';
import { rekey } from '../../../services/ops/src/commands/rekey-run';
import { stackEnv, uniqueName } from '../../support/stack-env';

const b64 = (): string => randomBytes(32).toString('base64');
const A = b64();
const HASH = b64();
const underA = fieldCryptoFromConfig({ EMAIL_KEY: A, EMAIL_KEY_ID: 'ka', EMAIL_HASH_KEY: HASH });
const onB = fieldCryptoFromConfig({
  EMAIL_KEY: b64(),
  EMAIL_KEY_ID: 'kb',
  EMAIL_PREVIOUS_KEYS: `ka:${A}`,
  EMAIL_HASH_KEY: HASH,
});
const at = (id: string) => sealedAt('accounts', id, 'email');

type Account = { _id: string; _rev: number; email: EncryptedField };
let mongo: MongoClient;
let db: Db;
beforeAll(async () => {
  mongo = await MongoClient.connect(stackEnv().mongoUri);
  db = mongo.db(uniqueName('rekey_race').replace(/[-.]/g, '_'));
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await mongo.close();
});

/** The database as rekey sees it, except that a worker writes `A-2` just before rekey's first write. */
function racing(worker: (accounts: Collection<Account>) => Promise<void>): Db {
  let raced = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'collection') return Reflect.get(target, prop);
      return (name: string) => {
        const coll = target.collection<Document>(name);
        return new Proxy(coll, {
          get(c, p) {
            if (p !== 'bulkWrite') return Reflect.get(c, p);
            return async (...args: Parameters<Collection<Document>['bulkWrite']>) => {
              if (!raced && name === 'accounts') {
                raced = true;
                await worker(target.collection<Account>('accounts'));
              }
              return c.bulkWrite(...args);
            };
          },
        });
      };
    },
  });
}

test('a worker write between the read and the write survives; the rest is re-encrypted', async () => {
  const accounts = db.collection<Account>('accounts');
  await accounts.insertMany(
    ['A-1', 'A-2', 'A-3'].map((id) => ({ _id: id, _rev: 1, email: underA.encrypt(`${id}@example.jp`, at(id)) })),
  );
  const byWorker = onB.encrypt('new-address@example.jp', at('A-2'));
  const report = await rekey(
    racing(async (c) => {
      await c.updateOne({ _id: 'A-2' }, { $set: { email: byWorker }, $inc: { _rev: 1 } });
    }),
    onB,
  );

  expect((await accounts.findOne({ _id: 'A-2' }))?.email).toEqual(byWorker);
  expect(report.fields.find((f) => f.collection === 'accounts' && f.field === 'email')?.counts).toEqual({
    scanned: 3,
    reencrypted: 2,
    current: 1,
    failed: 0,
  });
  for (const id of ['A-1', 'A-3']) {
    const d = await accounts.findOne({ _id: id });
    expect(d?.email.kid).toBe('kb');
    expect(d?._rev).toBe(2);
    expect(onB.decrypt(d!.email, at(id))).toBe(`${id}@example.jp`);
  }
  expect(report.failures).toEqual([]);
});
