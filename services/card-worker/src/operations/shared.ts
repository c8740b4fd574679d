// What the card operations share: the entity they act on (one card, keyed by its
// number), the answers their decisions give, and the card-number check. Contract of
// every answer: a rejection names the card and no customer and writes nothing; a
// success names the card and its customer, built field by field (cardNumber and
// customerId only: never the PIN HMAC, the phone or the wallets of a CardRecord),
// and writes `next` when it changes the card.
import type { Decision, Detail } from '@workers/runtime/pure';
import { CARDS } from '../store/collections';
import type { CardCode } from '../domain/codes';
import type { CardRecord } from '../domain/types';

/** Card numbers travel as Kafka keys and were URL path segments in the source: ASCII letters and digits. */
export const CARD_NUMBER = /^[0-9A-Za-z]{1,32}$/;

/** An operation's codes with their statuses: card codes only (each has its texts in messages/). */
export type CardStatuses = Partial<Readonly<Record<CardCode, number>>>;

/** Entity, key and the reply's entity of an answer given without a decision (validation, errors). */
export const byCard = {
  entity: CARDS,
  key: (r: { cardNumber: string }) => r.cardNumber,
  replyEntity: (_r: unknown, cardNumber: string) => ({ cardNumber, customerId: null }),
};

/** Answers `code` (and `details` for ValidationFailed) for the card, writing nothing. */
export function rejected(
  code: Exclude<CardCode, 'Success'>,
  cardNumber: string,
  details?: Detail[],
): Decision<CardRecord> {
  return { outcome: { code, ...(details ? { details } : {}), entity: { cardNumber, customerId: null } } };
}

/** Answers Success for `record`; writes it when it is the card's next state (`write`). */
export function succeeded(record: CardRecord, write: boolean): Decision<CardRecord> {
  const outcome = { code: 'Success', entity: { cardNumber: record.cardNumber, customerId: record.customerId } };
  return write ? { outcome, write: record } : { outcome };
}

/** `r` changed by `patch` at `now`: revision + 1. */
export function changed(r: CardRecord, now: number, patch: Partial<Pick<CardRecord, 'customer' | 'card'>>): CardRecord {
  return { ...r, ...patch, updatedAt: now, revision: r.revision + 1 };
}

export function checkCardNumber(value: string, out: Detail[]): void {
  if (!CARD_NUMBER.test(value)) out.push({ field: 'cardNumber', reason: 'must be 1 to 32 letters or digits' });
}
