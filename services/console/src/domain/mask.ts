// What the console shows of personal data: nothing, until an operator reveals one
// field on purpose (customer view). Decoded requests (trace, dead letters) carry
// e-mail addresses, phone numbers, names and PIN HMACs in clear; every field of
// that name is replaced wherever it sits, and only its presence stays visible.
// The names are the ones the logger censors (services/runtime personal-fields.ts)
// without personalId, the internal customer id an operator looks a customer up by.
import { PERSONAL_FIELDS as LOGGED } from '@workers/runtime/pure';

export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(LOGGED.filter((f) => f !== 'personalId'));
export const MASK = '••••••';

export function maskPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      PERSONAL_FIELDS.has(k) && v !== null && v !== undefined ? MASK : maskPersonal(v),
    ]),
  );
}
