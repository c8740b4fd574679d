// Pure decisions of the card operations (docs/rules.md#cards). Contract: each function
// takes the stored record (null when the card is unknown), the request's data (its
// phone number as the store prepared it: keyed hash and ciphertext, undefined when
// it is not a valid number) and the time, and returns a Verdict without touching its inputs:
//   reject: answer with `code` (and `details` for ValidationFailed), write nothing;
//   noop:   answer Success, write nothing (the state asked for already holds);
//   apply:  write `next` (revision + 1, or 1 for a new card), then answer Success.
// Customer and card activation change together in one record: never half-done.
import type { Detail } from '@workers/runtime';
import type { CardCode } from './codes';
import type { CardRecord, GivenPhone, RegisterCard, Wallet } from './types';

export type RejectCode = Exclude<CardCode, 'Success'>;

export type Verdict =
  | { kind: 'reject'; code: RejectCode; details?: Detail[] }
  | { kind: 'noop'; code: 'Success' }
  | { kind: 'apply'; next: CardRecord };

export const CUSTOMER_ID = /^[0-9a-f]{32}$/;

const reject = (code: RejectCode, details?: Detail[]): Verdict =>
  details ? { kind: 'reject', code, details } : { kind: 'reject', code };
const NOOP: Verdict = { kind: 'noop', code: 'Success' };
const NOT_FOUND: Verdict = reject('CustomerWithGivenCardNumberNotFound');

function copyWallet(w: Wallet): Wallet {
  return { id: w.id, balance: w.balance, stat: { ...w.stat }, version: w.version };
}

function changed(r: CardRecord, now: number, patch: Partial<Pick<CardRecord, 'customer' | 'card'>>): CardRecord {
  return { ...r, ...patch, updatedAt: now, revision: r.revision + 1 };
}

/** RegisterCard: a new inactive customer with a card waiting for activation; `phone` null when none was given. */
export function decideRegister(
  existing: CardRecord | null,
  req: RegisterCard,
  now: number,
  newCustomerId: string,
  phone: GivenPhone | null | undefined,
): Verdict {
  if (existing) return reject('CardAlreadyRegistered');
  // A malformed id is a bug of the caller, not a fault of the request.
  if (!CUSTOMER_ID.test(newCustomerId)) throw new TypeError('customerId must be 32 lowercase hex characters');
  const lc = req.loyaltyCard;
  if (phone === undefined)
    return reject('ValidationFailed', [{ field: 'loyaltyCard.phoneNumber', reason: 'is not a valid phone number' }]);
  const id = req.identity;
  return {
    kind: 'apply',
    next: {
      cardNumber: req.cardNumber,
      customerId: newCustomerId,
      customer: { active: false, phone: phone?.sealed ?? null, phoneHash: phone?.hash ?? null, gender: lc.gender },
      card: { state: 'WAITING_FOR_ACTIVATION' },
      cardPinHmac: lc.cardPinHmac.toLowerCase(),
      wallets: lc.wallets.map(copyWallet),
      registeredBy: {
        posId: id.posId || null,
        posNumber: id.posNumber,
        posOperatorId: id.posOperatorId || null,
        posOperatorNumber: id.posOperatorNumber || null, // 0 means no cashier logged in
        siteId: id.siteId,
      },
      createdAt: now,
      updatedAt: now,
      revision: 1,
    },
  };
}

/**
 * ActivateCard: the phone (`phoneHash`: the keyed hash of the request's number in
 * E.164) must match the one on record; customer and card become active together.
 */
export function decideActivate(existing: CardRecord | null, phoneHash: string | undefined, now: number): Verdict {
  if (!existing) return NOT_FOUND;
  if (existing.card.state === 'LOCKED') return reject('CardWasNotWaitingForActivation');
  const onRecord = existing.customer.phoneHash ?? null;
  if (onRecord === null || phoneHash !== onRecord) return reject('IncorrectPhoneNumber');
  if (existing.card.state === 'ACTIVE' && existing.customer.active) return NOOP;
  return {
    kind: 'apply',
    next: changed(existing, now, { customer: { ...existing.customer, active: true }, card: { state: 'ACTIVE' } }),
  };
}

/** ChangePhoneNumber: replaces the customer's phone, whatever the card's state. */
export function decideChangePhone(existing: CardRecord | null, phone: GivenPhone | undefined, now: number): Verdict {
  if (!existing) return NOT_FOUND;
  if (phone === undefined)
    return reject('ValidationFailed', [{ field: 'phoneNumber', reason: 'is not a valid phone number' }]);
  if (phone.hash === existing.customer.phoneHash) return NOOP;
  const customer = { ...existing.customer, phone: phone.sealed, phoneHash: phone.hash };
  return { kind: 'apply', next: changed(existing, now, { customer }) };
}

/** LockCard: the card becomes LOCKED; the customer is left as is. */
export function decideLock(existing: CardRecord | null, now: number): Verdict {
  if (!existing) return NOT_FOUND;
  if (existing.card.state === 'LOCKED') return NOOP;
  return { kind: 'apply', next: changed(existing, now, { card: { state: 'LOCKED' } }) };
}
