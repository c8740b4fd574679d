// What an unordered bulk write (insertMany, bulkWrite) that threw has done. The
// driver (7.9.0) throws MongoBulkWriteError in two cases: the bulk ran and the
// server refused some documents (`writeErrors`, one per refused document), or the
// command itself failed — the connection broke mid-command, no server could be
// selected, the server answered `ok: 0` (FerretDB does while it shuts down) — which
// it wraps with no write errors at all, and then nothing is known of what was
// written. Only the first case, with every refusal a duplicate key, is an answer
// the stores can act on; reading the second as "no document refused" once made a
// reply leave without its processed record (a re-sent request was then decided
// again and published its event twice). The second case rethrows the error the
// driver wrapped, so a network or server-selection error stays transient
// (transient.ts judges it by its class).
import { MongoBulkWriteError } from 'mongodb';

export const DUPLICATE_KEY = 11000;

/** The indexes of the documents refused as duplicate keys; rethrows any other failure. */
export function duplicateKeyIndexes(err: unknown): number[] {
  if (!(err instanceof MongoBulkWriteError)) throw err;
  const errors = [err.writeErrors].flat();
  if (errors.length === 0) throw err.errorResponse instanceof Error ? err.errorResponse : err;
  if (errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
  return errors.map((e) => e.index);
}
