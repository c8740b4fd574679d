// RegisterCard (docs/rules.md#cards): a new inactive customer (mandatory data may still be
// missing) with a card waiting for activation; answers the customerId. The codes below
// are every answer it can give: its decision's, the runtime's (a request it cannot
// read, a requestId reused, a payload refused here) and an unexpected failure's.
import { controlCharReason, type Decision, type Detail, operation } from '@workers/runtime/pure';
import { toE164 } from '../domain/phone';
import type { CardRecord, GivenPhone, Identity, LoyaltyCard, RegisterCard, Wallet } from '../domain/types';
import type { CardPhones } from '../store/card-phones';
import { byCard, type CardStatuses, checkCardNumber, rejected, succeeded } from './shared';

/** "numer kasy - int" in the source. */
export const POS_NUMBER = /^[0-9]{1,10}$/;
export const PIN_HMAC = /^[0-9a-fA-F]{64}$/;
export const MAX_TEXT = 64;
export const MAX_WALLETS = 100;
/** decimal(18, 2): at most 18 digits of minor units. */
export const MAX_MINOR_UNITS = 10n ** 18n - 1n;
export const CUSTOMER_ID = /^[0-9a-f]{32}$/;

const GENDERS: readonly string[] = ['M', 'F', 'U'];

// Field checks. The texts stored and shown on the console (identity, wallet ids and
// versions) refuse control characters and line breaks (runtime control-chars.ts).

function controls(field: string, value: string, out: Detail[]): void {
  const reason = controlCharReason(value);
  if (reason !== null) out.push({ field, reason });
}

function requiredText(field: string, value: string, out: Detail[]): void {
  if (value.trim().length === 0) out.push({ field, reason: 'must not be empty' });
  else if (value !== value.trim()) out.push({ field, reason: 'must not start or end with whitespace' });
  else if (value.length > MAX_TEXT) out.push({ field, reason: `must be at most ${MAX_TEXT} characters` });
  else controls(field, value, out);
}

function optionalText(field: string, value: string | null, out: Detail[]): void {
  if (value === null) return;
  if (value.length > MAX_TEXT) out.push({ field, reason: `must be at most ${MAX_TEXT} characters` });
  else controls(field, value, out);
}

function amount(field: string, value: bigint | null, optional: boolean, out: Detail[]): void {
  if (value === null) {
    if (!optional) out.push({ field, reason: 'is required' });
  } else if (typeof value !== 'bigint') out.push({ field, reason: 'must be a decimal amount' });
  else if (value < 0n) out.push({ field, reason: 'must not be negative' });
  else if (value > MAX_MINOR_UNITS) out.push({ field, reason: 'exceeds decimal(18,2)' });
}

function identity(id: Identity, out: Detail[]): void {
  optionalText('identity.posId', id.posId, out);
  if (!POS_NUMBER.test(id.posNumber))
    out.push({ field: 'identity.posNumber', reason: 'must be a number of 1 to 10 digits' });
  optionalText('identity.posOperatorId', id.posOperatorId, out);
  const op = id.posOperatorNumber;
  if (op !== null && (!Number.isInteger(op) || op < 0))
    out.push({ field: 'identity.posOperatorNumber', reason: 'must be 0 or a positive integer' });
  requiredText('identity.siteId', id.siteId, out);
}

function wallet(w: Wallet, at: string, out: Detail[]): void {
  requiredText(`${at}.id`, w.id, out);
  amount(`${at}.balance`, w.balance, false, out);
  amount(`${at}.stat.lost`, w.stat.lost, false, out);
  amount(`${at}.stat.transferredOut`, w.stat.transferredOut, false, out);
  amount(`${at}.stat.transferredIn`, w.stat.transferredIn, true, out);
  amount(`${at}.stat.issued`, w.stat.issued, true, out);
  // Opaque to us (source v1.2 "wallet versioning" sends "abc"): only bounded.
  if (w.version.length === 0) out.push({ field: `${at}.version`, reason: 'must not be empty' });
  else if (w.version.length > MAX_TEXT)
    out.push({ field: `${at}.version`, reason: `must be at most ${MAX_TEXT} characters` });
  else controls(`${at}.version`, w.version, out);
}

function loyaltyCard(lc: LoyaltyCard, cardNumber: string, out: Detail[]): void {
  if (lc.cardNumber !== cardNumber)
    out.push({ field: 'loyaltyCard.cardNumber', reason: "must equal the request's cardNumber" });
  // May be null (the customer is created inactive); blank counts as absent. Stored only in E.164.
  if (lc.phoneNumber !== null && lc.phoneNumber.trim() !== '' && toE164(lc.phoneNumber) === undefined) {
    out.push({ field: 'loyaltyCard.phoneNumber', reason: 'is not a valid phone number' });
  }
  if (!GENDERS.includes(lc.gender)) out.push({ field: 'loyaltyCard.gender', reason: 'must be M, F or U' });
  if (!PIN_HMAC.test(lc.cardPinHmac))
    out.push({ field: 'loyaltyCard.cardPinHmac', reason: 'must be 64 hexadecimal characters' });
  if (lc.wallets.length > MAX_WALLETS)
    out.push({ field: 'loyaltyCard.wallets', reason: `must hold at most ${MAX_WALLETS} wallets` });
  const seen = new Set<string>();
  lc.wallets.forEach((w, i) => {
    const at = `loyaltyCard.wallets[${i}]`;
    wallet(w, at, out);
    if (seen.has(w.id)) out.push({ field: `${at}.id`, reason: 'duplicates another wallet id' });
    seen.add(w.id);
  });
}

/** One Detail per broken rule (field = path in the Avro schema), [] when valid; never throws. */
export function validateRegister(req: RegisterCard): Detail[] {
  const out: Detail[] = [];
  checkCardNumber(req.cardNumber, out);
  identity(req.identity, out);
  loyaltyCard(req.loyaltyCard, req.cardNumber, out);
  return out;
}

function copyWallet(w: Wallet): Wallet {
  return { id: w.id, balance: w.balance, stat: { ...w.stat }, version: w.version };
}

/**
 * The decision, pure: `phone` is the request's number as the store prepared it (null
 * when none was given, undefined when it is no valid number). Throws a TypeError for
 * a malformed `newCustomerId`: a bug of the caller, not a fault of the request.
 */
export function decideRegister(
  existing: CardRecord | null,
  req: RegisterCard,
  now: number,
  newCustomerId: string,
  phone: GivenPhone | null | undefined,
): Decision<CardRecord> {
  if (existing) return rejected('CardAlreadyRegistered', req.cardNumber);
  if (!CUSTOMER_ID.test(newCustomerId)) throw new TypeError('customerId must be 32 lowercase hex characters');
  const lc = req.loyaltyCard;
  if (phone === undefined)
    return rejected('ValidationFailed', req.cardNumber, [
      { field: 'loyaltyCard.phoneNumber', reason: 'is not a valid phone number' },
    ]);
  const id = req.identity;
  return succeeded(
    {
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
    true,
  );
}

/** `phones` hashes and encrypts the request's phone number before the decision sees it. */
export const registerCard = (phones: CardPhones) =>
  operation<RegisterCard, CardRecord>({
    ...byCard,
    validate: validateRegister,
    decide: (cur, req, ctx) =>
      decideRegister(cur, req, ctx.now, ctx.newId(), phones.sealOptional(req.loyaltyCard.phoneNumber, req.cardNumber)),
    codes: {
      Success: 200,
      CardAlreadyRegistered: 409,
      ValidationFailed: 400,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      UnknownError: 500,
    } satisfies CardStatuses,
    errorCode: 'UnknownError',
  });
