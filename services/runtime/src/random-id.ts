// Identifiers the runtime generates (a new customer, a new contact): 128 random bits
// as 32 hex characters. The bits come from the operating system's CSPRNG, as with
// randomBytes(16) per id, but drawn 4 KB at a time, as a call per id cost CPU that
// showed under load (docs/benchmarks.md#random-ids-from-a-pool).
import { randomBytes } from 'node:crypto';

const ID_BYTES = 16;
const POOL_BYTES = 4_096;
let pool = Buffer.alloc(0);
let at = 0;

export function randomId(): string {
  if (at + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    at = 0;
  }
  const id = pool.toString('hex', at, at + ID_BYTES);
  at += ID_BYTES;
  return id;
}
