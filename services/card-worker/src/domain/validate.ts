// Field validation of decoded card requests, before any look-up. Contract: each
// function returns one Detail per broken rule (field = path in the Avro schema,
// reason in English), [] when the payload is valid; it never throws. A non-empty
// result becomes a ValidationFailed (400) reply. ActivateCard's phone is only
// required here: a number that is not a valid phone is the source's own
// IncorrectPhoneNumber, decided in rules.ts. The texts stored and shown on the console
// (identity, wallet ids and versions) refuse control characters and line breaks
// (runtime control-chars.ts); phone numbers are stored only in their E.164 form.
import { controlCharReason } from '@workers/runtime/pure';
import type { Detail } from '@workers/runtime';
import { toE164 } from './phone';
import type {
  ActivateCard,
  CardOperationName,
  CardPayloads,
  ChangePhoneNumber,
  Identity,
  LockCard,
  LoyaltyCard,
  RegisterCard,
  Wallet,
} from './types';

/** Card numbers travel as Kafka keys and were URL path segments in the source: ASCII letters and digits. */
export const CARD_NUMBER = /^[0-9A-Za-z]{1,32}$/;
/** "numer kasy - int" in the source. */
export const POS_NUMBER = /^[0-9]{1,10}$/;
export const PIN_HMAC = /^[0-9a-fA-F]{64}$/;
export const MAX_TEXT = 64;
export const MAX_WALLETS = 100;
/** decimal(18, 2): at most 18 digits of minor units. */
export const MAX_MINOR_UNITS = 10n ** 18n - 1n;

const GENDERS: readonly string[] = ['M', 'F', 'U'];

function cardNumber(value: string, out: Detail[]): void {
  if (!CARD_NUMBER.test(value)) out.push({ field: 'cardNumber', reason: 'must be 1 to 32 letters or digits' });
}

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
  // May be null (the customer is created inactive); blank counts as absent.
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

export function validateRegister(req: RegisterCard): Detail[] {
  const out: Detail[] = [];
  cardNumber(req.cardNumber, out);
  identity(req.identity, out);
  loyaltyCard(req.loyaltyCard, req.cardNumber, out);
  return out;
}

export function validateActivate(req: ActivateCard): Detail[] {
  const out: Detail[] = [];
  cardNumber(req.cardNumber, out);
  if (req.phoneNumber.trim() === '') out.push({ field: 'phoneNumber', reason: 'must not be empty' });
  return out;
}

export function validateChangePhone(req: ChangePhoneNumber): Detail[] {
  const out: Detail[] = [];
  cardNumber(req.cardNumber, out);
  if (toE164(req.phoneNumber) === undefined) out.push({ field: 'phoneNumber', reason: 'is not a valid phone number' });
  return out;
}

export function validateLock(req: LockCard): Detail[] {
  const out: Detail[] = [];
  cardNumber(req.cardNumber, out);
  return out;
}

const VALIDATORS: { [N in CardOperationName]: (req: CardPayloads[N]) => Detail[] } = {
  RegisterCard: validateRegister,
  ActivateCard: validateActivate,
  ChangePhoneNumber: validateChangePhone,
  LockCard: validateLock,
};

export function validateOperation<N extends CardOperationName>(operation: N, req: CardPayloads[N]): Detail[] {
  return VALIDATORS[operation](req);
}
