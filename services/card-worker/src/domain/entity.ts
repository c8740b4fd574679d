// What of a card may go into a reply. Contract: replyEntity returns exactly
// { cardNumber, customerId }, built field by field, so the PIN HMAC, the phone and
// the wallets of a CardRecord can never reach a reply through it.
import type { CardRecord } from './types';

export interface CardEntity {
  cardNumber: string;
  customerId: string;
}

export function replyEntity(record: CardRecord): CardEntity {
  return { cardNumber: record.cardNumber, customerId: record.customerId };
}
