// An index that expires documents at `field`: a TTL index where the server has
// one, else a plain index that the periodic purge (deleteMany on the same field)
// uses. FerretDB v1 refuses `expireAfterSeconds` with NotImplemented (code 238).
import { MongoServerError, type Collection, type Document } from 'mongodb';

export async function ensureExpiryIndex<T extends Document>(
  coll: Collection<T>,
  field: string,
): Promise<'ttl' | 'purge-only'> {
  try {
    await coll.createIndex({ [field]: 1 }, { expireAfterSeconds: 0, name: `${field}_ttl` });
    return 'ttl';
  } catch (err) {
    if (!(err instanceof MongoServerError) || (err.code !== 238 && !/not implemented/i.test(err.message))) throw err;
    await coll.createIndex({ [field]: 1 }, { name: `${field}_purge` });
    return 'purge-only';
  }
}
