// Field checks of decoded account requests, shared by the account operations
// (operations/), and the e-mail and phone forms stored. Contract: each check adds one
// Detail per broken rule to `out` (field = path in the Avro schema, reason in English,
// never the value: it is personal data) and never throws. normalizeEmail / toE164 return the
// stored form of a valid value and undefined otherwise; emailHashKey is the form
// hashed for look-ups (trim + lowercase).
import type { Detail } from '@workers/runtime';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { ID_PATTERN } from './contact-validate';

export const MAX_EMAIL = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
export const MAX_NAME = 100;
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

export function checkIds(req: { accountId: string; personalId: string }, out: Detail[]): void {
  if (!ID_PATTERN.test(req.accountId))
    out.push({ field: 'accountId', reason: 'must be 1 to 64 letters, digits, _ or -' });
  if (!ID_PATTERN.test(req.personalId))
    out.push({ field: 'personalId', reason: 'must be 1 to 64 letters, digits, _ or -' });
}

export function checkEmail(value: string, out: Detail[]): void {
  if (normalizeEmail(value) === undefined) out.push({ field: 'email', reason: 'is not a valid e-mail address' });
}

export function checkPhone(value: string | null, out: Detail[]): void {
  if (value !== null && value.trim() !== '' && toE164(value) === undefined)
    out.push({ field: 'phone', reason: 'is not a valid phone number' });
}

export function checkMailDelivery(value: string | null, out: Detail[]): void {
  if (value !== null && !MAIL_DELIVERIES.includes(value))
    out.push({ field: 'mailDelivery', reason: 'must be ENABLED or STOPPED' });
}
