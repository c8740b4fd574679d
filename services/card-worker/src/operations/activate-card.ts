// ActivateCard (docs/rules.md#cards): the phone must be the one on record; customer and
// card become active together (one record: never half done); an already active card is
// a success. The codes below are every answer it can give: its decision's, the
// runtime's (a request it cannot read, a requestId reused, a payload refused here) and
// the source's own CustomerActivationError for an unexpected failure.
import { type Decision, type Detail, operation } from '@workers/runtime/pure';
import type { ActivateCard, CardRecord } from '../domain/types';
import type { CardPhones } from '../store/card-phones';
import { byCard, type CardStatuses, changed, checkCardNumber, rejected, succeeded } from './shared';

/**
 * The phone is only required here: a number that is not a valid phone is the
 * source's own IncorrectPhoneNumber, decided below.
 */
export function validateActivate(req: ActivateCard): Detail[] {
  const out: Detail[] = [];
  checkCardNumber(req.cardNumber, out);
  if (req.phoneNumber.trim() === '') out.push({ field: 'phoneNumber', reason: 'must not be empty' });
  return out;
}

/**
 * The decision, pure: `phoneHash` is the keyed hash of the request's number in E.164
 * (undefined when it is no valid number), compared with the one on record.
 */
export function decideActivate(
  existing: CardRecord | null,
  cardNumber: string,
  phoneHash: string | undefined,
  now: number,
): Decision<CardRecord> {
  if (!existing) return rejected('CustomerWithGivenCardNumberNotFound', cardNumber);
  if (existing.card.state === 'LOCKED') return rejected('CardWasNotWaitingForActivation', cardNumber);
  const onRecord = existing.customer.phoneHash ?? null;
  if (onRecord === null || phoneHash !== onRecord) return rejected('IncorrectPhoneNumber', cardNumber);
  if (existing.card.state === 'ACTIVE' && existing.customer.active) return succeeded(existing, false);
  const customer = { ...existing.customer, active: true };
  return succeeded(changed(existing, now, { customer, card: { state: 'ACTIVE' } }), true);
}

/** `phones` hashes the request's phone number before the decision sees it. */
export const activateCard = (phones: CardPhones) =>
  operation<ActivateCard, CardRecord>({
    ...byCard,
    validate: validateActivate,
    decide: (cur, req, ctx) => decideActivate(cur, req.cardNumber, phones.hashOf(req.phoneNumber), ctx.now),
    codes: {
      Success: 204,
      CustomerWithGivenCardNumberNotFound: 400,
      IncorrectPhoneNumber: 400,
      CardWasNotWaitingForActivation: 422,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      ValidationFailed: 400,
      CustomerActivationError: 500,
    } satisfies CardStatuses,
    errorCode: 'CustomerActivationError',
  });
