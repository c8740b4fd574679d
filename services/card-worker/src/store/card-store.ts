// The card store interface the handlers see (no driver types). One document per
// card holds the customer too, so "customer and card active together" is one
// atomic single-document write. Each write carries the requestId that caused it
// (an applied mark), so a request redelivered after a crash between the write and
// its reply is recognised and not applied twice.
import type { CardRecord } from '../domain/types';

export interface AppliedMark {
  requestId: string;
  code: string;
}

export interface StoredCard {
  record: CardRecord;
  applied: AppliedMark[];
}

export interface CardStore {
  find(cardNumber: string): Promise<StoredCard | null>;
  /** 'exists' when a card with that number, or another card with that customerId, is already stored. */
  insert(record: CardRecord, mark: AppliedMark): Promise<'inserted' | 'exists'>;
  /** Replaces the card if its stored revision is `expectedRevision`; false otherwise. */
  replace(record: CardRecord, expectedRevision: number, mark: AppliedMark): Promise<boolean>;
}

/** How many applied marks a card keeps: enough to cover any redelivery window. */
export const MARKS_KEPT = 20;
