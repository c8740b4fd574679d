// A bulk write that failed as a whole is never taken for a write that was done: the
// MongoDB stores reject (transiently, so the chunk is retried and its reply waits)
// when the driver wraps a failed command in a MongoBulkWriteError without write
// errors, as it does when the connection breaks mid-insert (the chaos run: FerretDB
// stopped under a chunk, its reply committed without its processed record). Duplicate
// keys stay answers: another process stored the record or created the entity first.
import { MongoBulkWriteError, MongoNetworkError, MongoServerError, type Db } from 'mongodb';
import { duplicateKeyIndexes, isTransient, mongoEntityStore, mongoProcessedStore, type ProcessedRecord } from '../src';

const broken = (): MongoBulkWriteError =>
  // What bulk/common.js does with an error thrown while a batch executes.
  new MongoBulkWriteError(new MongoNetworkError('connection 7 to 127.0.0.1:27017 closed'), {} as never);
const refused = (...errs: { index: number; code: number }[]): MongoBulkWriteError =>
  new MongoBulkWriteError(
    { message: 'write errors', code: errs[0]!.code, writeErrors: errs } as never,
    { matchedCount: 0 } as never,
  );

/** A collection whose writes fail with `err` and whose reads return `found`. */
function failingDb(err: Error, found: Record<string, unknown>[] = []): Db {
  const coll = {
    createIndex: async () => 'ok',
    insertMany: async () => Promise.reject(err),
    bulkWrite: async () => Promise.reject(err),
    find: () => ({ toArray: async () => found }),
  };
  return { collection: () => coll } as unknown as Db;
}

const record = (requestId: string): ProcessedRecord => ({
  requestId,
  topic: 't',
  contentHash: 'h',
  reply: { ok: 1 },
  replyTopic: 'r',
  events: [],
  origin: { topic: 't', partition: 0, offset: '1' },
  key: null,
  processedAt: new Date(0),
  expiresAt: new Date(1),
});

test('a bulk insert of processed records that failed as a whole rejects, transiently', async () => {
  const store = await mongoProcessedStore(failingDb(broken()));
  const put = store.putMany([record('r1'), record('r2')]);
  await expect(put).rejects.toBeInstanceOf(MongoNetworkError);
  expect(isTransient(await put.catch((e: unknown) => e))).toBe(true);
});

test('an entity bulk write that failed as a whole rejects, inserts included', async () => {
  const store = mongoEntityStore(failingDb(broken()).collection('e'));
  await expect(store.save([{ id: 'C-1', record: { a: 1 }, expected: null, applied: [] }])).rejects.toBeInstanceOf(
    MongoNetworkError,
  );
});

test('duplicate keys are answers: the stored record is returned, the entity is a conflict', async () => {
  const stored = {
    _id: 't|r1',
    h: 'other',
    reply: '{"ok":2}',
    replyTopic: 'r',
    events: '[]',
    origin: 't/0/0',
    key: null,
    processedAt: new Date(0),
    expiresAt: new Date(1),
  };
  const processed = await mongoProcessedStore(failingDb(refused({ index: 0, code: 11000 }), [stored]));
  expect((await processed.putMany([record('r1'), record('r2')])).get('t|r1')).toMatchObject({
    contentHash: 'other',
    reply: { ok: 2 },
  });
  const entities = mongoEntityStore(failingDb(refused({ index: 0, code: 11000 })).collection('e'));
  expect(await entities.save([{ id: 'C-1', record: {}, expected: null, applied: [] }])).toEqual(new Set(['C-1']));
});

test('any other refusal, or a server error wrapped without write errors, is rethrown', () => {
  expect(() => duplicateKeyIndexes(refused({ index: 0, code: 11000 }, { index: 1, code: 2 }))).toThrow(
    MongoBulkWriteError,
  );
  const serverSide = new MongoBulkWriteError(
    new MongoServerError({ message: 'context canceled', code: 1 }),
    {} as never,
  );
  expect(() => duplicateKeyIndexes(serverSide)).toThrow('context canceled');
  expect(() => duplicateKeyIndexes(new TypeError('x'))).toThrow(TypeError);
  expect(duplicateKeyIndexes(refused({ index: 1, code: 11000 }, { index: 3, code: 11000 }))).toEqual([1, 3]);
});
