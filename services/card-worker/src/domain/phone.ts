// Phone numbers in E.164. Contract: toE164 returns the E.164 form (e.g.
// "+48600100200") of a valid number, national numbers read as `defaultCountry`
// (PL), and undefined for anything else: invalid numbers, or text that is more
// than a phone number (letters, extensions). Two inputs are the same phone iff
// their E.164 forms are equal.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Digits, an optional leading '+' (or "(+"), and the usual separators; nothing else. */
const PHONE_CHARS = /^\(?\+?[0-9\s().\-/]+$/;
const MAX_RAW_LENGTH = 32;

/**
 * Answers already computed, by country and text: a request parses its numbers more than
 * once (validation, decision, comparison with the stored one), and parsing is costly
 * (docs/benchmarks.md, "parses a phone number once per text"). Still a pure function:
 * the answer depends on nothing else. Bounded: emptied when full.
 */
const known = new Map<string, string | null>();
const KNOWN_MAX = 4_096;

export function toE164(raw: string, defaultCountry: CountryCode = 'PL'): string | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_RAW_LENGTH) return undefined;
  if (!PHONE_CHARS.test(text)) return undefined;
  const key = `${defaultCountry} ${text}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parsePhoneNumberFromString(text, { defaultCountry });
  const e164 = parsed?.isValid() ? parsed.number : null;
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(key, e164);
  return e164 ?? undefined;
}

/** True when both are valid numbers with the same E.164 form. */
export function samePhone(a: string, b: string, defaultCountry: CountryCode = 'PL'): boolean {
  const x = toE164(a, defaultCountry);
  return x !== undefined && x === toE164(b, defaultCountry);
}
