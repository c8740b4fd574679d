// Field validation of decoded account requests, and the e-mail and phone forms
// stored. Contract: validate* return one Detail per broken rule (field = path in
// the Avro schema, reason in English, never the value: it is personal data), []
// when the payload is valid; they never throw. normalizeEmail / toE164 return the
// stored form of a valid value and undefined otherwise; emailHashKey is the form
// hashed for look-ups (trim + lowercase).
import { controlCharReason } from '@workers/runtime/pure';
import type { Detail } from '@workers/runtime';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { UpdateAccountContact, UpsertAccount } from './account-types';
import { ID_PATTERN } from './contact-validate';

export const MAX_EMAIL = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_NAME = 100;
/**
 * Unquoted local part (RFC 5321 dot-string characters). Dots may lead, trail or
 * repeat: legacy Japanese mobile-carrier addresses (e.g. "taro..x.@docomo.ne.jp")
 * still receive mail. Quoted local parts are not accepted.
 */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;
const MAIL_DELIVERIES: readonly string[] = ['ENABLED', 'STOPPED'];

/** The e-mail as stored: trimmed, domain lowercased; undefined when not a plausible address. */
export function normalizeEmail(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_EMAIL) return undefined;
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  if (at < 1 || local.length > MAX_LOCAL || !LOCAL.test(local) || /^\.+$/.test(local)) return undefined;
  if (domain.length > MAX_DOMAIN) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(labels[labels.length - 1] ?? ''))
    return undefined;
  return `${local}@${domain}`;
}

/** What is hashed for look-ups: the e-mail trimmed and lowercased. */
export function emailHashKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Digits, an optional leading '+' (or "(+"), and the usual separators; nothing else. */
const PHONE_CHARS = /^\(?\+?[0-9\s().\-/]+$/;
const MAX_RAW_PHONE = 32;

/** E.164 form of a valid phone number (national numbers read as `defaultCountry`, JP); undefined otherwise. */
export function toE164(raw: string, defaultCountry: CountryCode = 'JP'): string | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_RAW_PHONE || !PHONE_CHARS.test(text)) return undefined;
  const parsed = parsePhoneNumberFromString(text, { defaultCountry });
  return parsed?.isValid() ? parsed.number : undefined;
}

function ids(req: { accountId: string; personalId: string }, out: Detail[]): void {
  if (!ID_PATTERN.test(req.accountId))
    out.push({ field: 'accountId', reason: 'must be 1 to 64 letters, digits, _ or -' });
  if (!ID_PATTERN.test(req.personalId))
    out.push({ field: 'personalId', reason: 'must be 1 to 64 letters, digits, _ or -' });
}

function email(value: string, out: Detail[]): void {
  if (normalizeEmail(value) === undefined) out.push({ field: 'email', reason: 'is not a valid e-mail address' });
}

function phone(value: string | null, out: Detail[]): void {
  if (value !== null && value.trim() !== '' && toE164(value) === undefined)
    out.push({ field: 'phone', reason: 'is not a valid phone number' });
}

function mailDelivery(value: string | null, out: Detail[]): void {
  if (value !== null && !MAIL_DELIVERIES.includes(value))
    out.push({ field: 'mailDelivery', reason: 'must be ENABLED or STOPPED' });
}

export function validateUpsert(req: UpsertAccount): Detail[] {
  const out: Detail[] = [];
  ids(req, out);
  email(req.email, out);
  phone(req.phone, out);
  if (typeof req.externalAuth !== 'boolean') out.push({ field: 'externalAuth', reason: 'must be true or false' });
  mailDelivery(req.mailDelivery, out);
  return out;
}

export function validateUpdateContact(req: UpdateAccountContact): Detail[] {
  const out: Detail[] = [];
  ids(req, out);
  if (req.email !== null) email(req.email, out);
  phone(req.phone, out);
  mailDelivery(req.mailDelivery, out);
  const by = req.updatedBy;
  if (by.trim() === '') out.push({ field: 'updatedBy', reason: 'must not be empty' });
  else if (by !== by.trim()) out.push({ field: 'updatedBy', reason: 'must not start or end with whitespace' });
  else if ([...by].length > MAX_NAME)
    out.push({ field: 'updatedBy', reason: `must be at most ${MAX_NAME} characters` });
  else {
    // Shown on the console's customer page: no control characters (runtime control-chars.ts).
    const reason = controlCharReason(by);
    if (reason !== null) out.push({ field: 'updatedBy', reason });
  }
  return out;
}
