// An expiry index is a TTL index where the server enforces one, and a plain index
// for the periodic purge where it refuses TTL (FerretDB v1: NotImplemented, 238).
import { MongoServerError, type Collection } from 'mongodb';
import { ensureExpiryIndex } from '../src/expiry-index';

function collection(refuseTtl: boolean): { coll: Collection; made: unknown[] } {
  const made: unknown[] = [];
  const coll = {
    async createIndex(keys: unknown, opts: { expireAfterSeconds?: number; name: string }) {
      if (refuseTtl && opts.expireAfterSeconds !== undefined)
        throw new MongoServerError({ message: 'Index option "expireAfterSeconds" is not implemented yet', code: 238 });
      made.push({ keys, ...opts });
      return opts.name;
    },
  } as unknown as Collection;
  return { coll, made };
}

test('a TTL index where the server has one', async () => {
  const { coll, made } = collection(false);
  expect(await ensureExpiryIndex(coll, 'expiresAt')).toBe('ttl');
  expect(made).toEqual([{ keys: { expiresAt: 1 }, expireAfterSeconds: 0, name: 'expiresAt_ttl' }]);
});

test('a plain index for the purge where the server refuses TTL', async () => {
  const { coll, made } = collection(true);
  expect(await ensureExpiryIndex(coll, 'expiresAt')).toBe('purge-only');
  expect(made).toEqual([{ keys: { expiresAt: 1 }, name: 'expiresAt_purge' }]);
});
