// Guarantee: a conditional write is atomic per document, as on MongoDB — with the
// local stack's patched FerretDB too (docs/ferretdb.md): of concurrent claims of one
// free lease (`findOneAndUpdate`, the mail dispatcher's claim) and of concurrent
// replaces conditional on one revision (the entity stores' writes), sent by
// separate clients, exactly one succeeds each time.
import { MongoClient, type Db } from 'mongodb';
import { stackEnv, uniqueName } from '../../support/stack-env';

interface Doc {
  _id: string;
  leaseUntil: number;
  owner: string | null;
  _rev: number;
}

const CLIENTS = 8;
const ROUNDS = 20;
let clients: MongoClient[];
let name: string;
const dbOf = (c: MongoClient): Db => c.db(name);

beforeAll(async () => {
  name = uniqueName('atomic').replace(/[-.]/g, '_');
  clients = await Promise.all(Array.from({ length: CLIENTS }, () => MongoClient.connect(stackEnv().mongoUri)));
});
afterAll(async () => {
  await dbOf(clients[0]!)
    .dropDatabase()
    .catch(() => undefined);
  await Promise.all(clients.map((c) => c.close()));
});

test('one winner among concurrent lease claims and among concurrent revision-conditional replaces', async () => {
  const winners: number[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const id = `d${round}`;
    await dbOf(clients[0]!).collection<Doc>('docs').insertOne({ _id: id, leaseUntil: 0, owner: null, _rev: 1 });
    const now = Date.now();
    const claims = await Promise.all(
      clients.map((c, i) =>
        dbOf(c)
          .collection<Doc>('docs')
          .findOneAndUpdate(
            { _id: id, leaseUntil: { $lt: now } },
            { $set: { owner: `p${i}`, leaseUntil: now + 5_000 } },
            { returnDocument: 'after' },
          ),
      ),
    );
    const replaces = await Promise.all(
      clients.map((c, i) =>
        dbOf(c)
          .collection<Doc>('docs')
          .replaceOne({ _id: id, _rev: 1 }, { leaseUntil: 0, owner: `r${i}`, _rev: 2 }),
      ),
    );
    winners.push([claims.filter((d) => d !== null).length, replaces.filter((r) => r.matchedCount === 1).length]);
  }
  expect(winners).toEqual(Array.from({ length: ROUNDS }, () => [1, 1]));
});
