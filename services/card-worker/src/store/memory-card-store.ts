// CardStore in memory, for unit tests of the handlers. Contract: the same as
// mongoCardStore's, checked by one suite (test/contract/card-store.contract.ts)
// run against both this store and MongoDB:
//   find:    the stored record and its applied marks, or null for an unknown card;
//   insert:  'exists' when the card number (or, like Mongo's unique index, the
//            customerId) is already taken, else stores the record with [mark];
//   replace: only when the stored revision is `expectedRevision` (false otherwise,
//            nothing changed); appends `mark`, keeping the last MARKS_KEPT marks.
// Records are deep-copied in and out (structuredClone keeps bigint), so a caller
// can never change a stored record through a reference. `failNext(err)` makes the
// next store call (any of the three) reject with `err`, for failure-path tests.
import type { CardRecord } from '../domain/types';
import { MARKS_KEPT, type AppliedMark, type CardStore, type StoredCard } from './card-store';

export type MemoryCardStore = CardStore & { failNext(err: Error): void };

export function memoryCardStore(): MemoryCardStore {
  const cards = new Map<string, StoredCard>();
  let failure: Error | undefined;
  const copy = <X>(x: X): X => structuredClone(x);

  /** Throws the error armed by failNext, once. */
  function checkFailure(): void {
    if (failure === undefined) return;
    const err = failure;
    failure = undefined;
    throw err;
  }

  function customerIdTaken(record: CardRecord): boolean {
    for (const c of cards.values()) {
      if (c.record.customerId === record.customerId && c.record.cardNumber !== record.cardNumber) return true;
    }
    return false;
  }

  return {
    failNext(err) {
      failure = err;
    },
    async find(cardNumber) {
      checkFailure();
      const c = cards.get(cardNumber);
      return c ? copy(c) : null;
    },
    async insert(record, mark: AppliedMark) {
      checkFailure();
      if (cards.has(record.cardNumber) || customerIdTaken(record)) return 'exists';
      cards.set(record.cardNumber, { record: copy(record), applied: [copy(mark)] });
      return 'inserted';
    },
    async replace(record, expectedRevision, mark) {
      checkFailure();
      const c = cards.get(record.cardNumber);
      if (!c || c.record.revision !== expectedRevision) return false;
      // Mongo's unique index on customerId rejects such a write with an error.
      if (customerIdTaken(record)) throw new Error(`duplicate key: customerId ${record.customerId}`);
      cards.set(record.cardNumber, { record: copy(record), applied: [...c.applied, copy(mark)].slice(-MARKS_KEPT) });
      return true;
    },
  };
}
