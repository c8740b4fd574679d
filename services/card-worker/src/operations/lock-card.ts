// LockCard (docs/rules.md#cards): the card becomes LOCKED, the customer is left as is;
// locking a locked card is a success. The codes below are every answer it can give:
// its decision's, the runtime's (a request it cannot read, a requestId reused, a
// payload refused here) and an unexpected failure's.
import { type Decision, type Detail, operation } from '@workers/runtime/pure';
import type { CardRecord, LockCard } from '../domain/types';
import { byCard, type CardStatuses, changed, checkCardNumber, rejected, succeeded } from './shared';

export function validateLock(req: LockCard): Detail[] {
  const out: Detail[] = [];
  checkCardNumber(req.cardNumber, out);
  return out;
}

/** The decision, pure. */
export function decideLock(existing: CardRecord | null, cardNumber: string, now: number): Decision<CardRecord> {
  if (!existing) return rejected('CustomerWithGivenCardNumberNotFound', cardNumber);
  if (existing.card.state === 'LOCKED') return succeeded(existing, false);
  return succeeded(changed(existing, now, { card: { state: 'LOCKED' } }), true);
}

export const lockCard = () =>
  operation<LockCard, CardRecord>({
    ...byCard,
    validate: validateLock,
    decide: (cur, req, ctx) => decideLock(cur, req.cardNumber, ctx.now),
    codes: {
      Success: 204,
      CustomerWithGivenCardNumberNotFound: 400,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      ValidationFailed: 400,
      UnknownError: 500,
    } satisfies CardStatuses,
    errorCode: 'UnknownError',
  });
