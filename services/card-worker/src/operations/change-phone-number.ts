// ChangePhoneNumber (docs/rules.md#cards): replaces the customer's phone, whatever the
// card's state (a cashier collected a corrected number). The codes below are every
// answer it can give: its decision's, the runtime's (a request it cannot read, a
// requestId reused, a payload refused here) and an unexpected failure's.
import { type Decision, type Detail, operation } from '@workers/runtime/pure';
import { toE164 } from '../domain/phone';
import type { CardRecord, ChangePhoneNumber, GivenPhone } from '../domain/types';
import type { CardPhones } from '../store/card-phones';
import { byCard, type CardStatuses, changed, checkCardNumber, rejected, succeeded } from './shared';

/** The number must be a valid phone number: it is stored only in its E.164 form. */
export function validateChangePhone(req: ChangePhoneNumber): Detail[] {
  const out: Detail[] = [];
  checkCardNumber(req.cardNumber, out);
  if (toE164(req.phoneNumber) === undefined) out.push({ field: 'phoneNumber', reason: 'is not a valid phone number' });
  return out;
}

/** The decision, pure: `phone` is the request's number as the store prepared it (undefined when no valid number). */
export function decideChangePhone(
  existing: CardRecord | null,
  cardNumber: string,
  phone: GivenPhone | undefined,
  now: number,
): Decision<CardRecord> {
  if (!existing) return rejected('CustomerWithGivenCardNumberNotFound', cardNumber);
  if (phone === undefined)
    return rejected('ValidationFailed', cardNumber, [{ field: 'phoneNumber', reason: 'is not a valid phone number' }]);
  if (phone.hash === existing.customer.phoneHash) return succeeded(existing, false);
  const customer = { ...existing.customer, phone: phone.sealed, phoneHash: phone.hash };
  return succeeded(changed(existing, now, { customer }), true);
}

/** `phones` hashes and encrypts the request's phone number before the decision sees it. */
export const changePhoneNumber = (phones: CardPhones) =>
  operation<ChangePhoneNumber, CardRecord>({
    ...byCard,
    validate: validateChangePhone,
    decide: (cur, req, ctx) =>
      decideChangePhone(cur, req.cardNumber, phones.seal(req.phoneNumber, req.cardNumber), ctx.now),
    codes: {
      Success: 204,
      CustomerWithGivenCardNumberNotFound: 400,
      ValidationFailed: 400,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      UnknownError: 500,
    } satisfies CardStatuses,
    errorCode: 'UnknownError',
  });
