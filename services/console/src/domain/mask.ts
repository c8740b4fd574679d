// What the console shows of personal data: nothing, until an operator reveals one
// field on purpose (customer view). Decoded requests (trace, dead letters) carry
// e-mail addresses, phone numbers, names, personal ids, card and policy numbers,
// message texts and PIN HMACs in clear. Two fences:
// - by name: every field named in PERSONAL_FIELDS is replaced wherever it sits, and
//   only its presence stays visible;
// - by shape: in any other string (a field of a name we do not know, a key, a header,
//   an error text) whatever looks like an e-mail address, or like a phone or card
//   number (10 or more digits in one run, separators allowed, a date or a UUID excepted), is
//   replaced by MASK — ids the console links by (ID_FIELDS) excepted.
// Pure; idempotent (masking twice gives the same value).
import { PERSONAL_FIELDS as LOGGED } from '@workers/runtime/pure';

export const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  ...LOGGED,
  'cardNumber',
  'policyNumber',
  'customerId',
  'gender',
  'title',
  'body',
  'linkUrl',
]);
/** Ids, never personal data: shown as they are so an operator can trace by them. */
const ID_FIELDS: ReadonlySet<string> = new Set(['requestId', 'eventId', 'contactId', 'accountId']);
export const MASK = '••••••';

// Each match may only start after a delimiter: without that anchor a long run with no
// `@` is rescanned from every position (quadratic; 100 kB took minutes).
const EMAIL = /(?<![^\s@<>()[\]"',;:])[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/g;
// A run of digits with single separators between them, not touching a letter, a digit or a dash.
const DIGITS = /(?<![\w-])\+?\(?\d(?:[ ().-]{0,2}\d)+\)?(?![\w-])/g;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const UUID = /^\d{8}-\d{4}-\d{4}-\d{4}-\d{12}$/;

/** `text` with e-mail-like and phone- or card-like parts replaced by MASK. */
export function maskText(text: string): string {
  return text.replace(EMAIL, MASK).replace(DIGITS, (run) => {
    const digits = run.replace(/\D/g, '').length;
    return digits >= 10 && !DATE.test(run) && !UUID.test(run) ? MASK : run;
  });
}

export function maskPersonal(value: unknown, name?: string): unknown {
  if (typeof value === 'string') return name && ID_FIELDS.has(name) ? value : maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskPersonal(v, name));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      PERSONAL_FIELDS.has(k) && v !== null && v !== undefined ? MASK : maskPersonal(v, k),
    ]),
  );
}
