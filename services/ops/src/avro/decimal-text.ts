// Decimal text ⇄ bigint minor units, exactly: "10.50" with scale 2 is 1050n, and
// 1050n prints as "10.50". No binary floating point on the way
// (docs/rules.md#topics-and-wire-format).

/** Throws RangeError for text that is not a plain decimal, has more digits after the point than `scale`, or more than `precision` digits. */
export function parseDecimal(input: string | number, scale: number, precision = Infinity): bigint {
  const text = typeof input === 'number' ? numberText(input) : input.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text) ?? /^([+-]?)()\.(\d+)$/.exec(text);
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(input)}`);
  const [, sign = '', whole = '', fraction = ''] = m;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) throw new RangeError(`${text} has more than ${scale} digits after the decimal point`);
  const digits = `${whole}${fraction.padEnd(scale, '0').slice(0, scale)}`.replace(/^0+(?=\d)/, '');
  if (digits.replace(/^0+/, '').length > precision) throw new RangeError(`${text} has more than ${precision} digits`);
  const n = BigInt(digits || '0');
  return sign === '-' ? -n : n;
}

/** Numbers from JSON: their shortest round-trip text, which is what the author typed (10.5 → "10.5"). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a decimal number: ${n}`);
  const text = String(n);
  if (/e/i.test(text)) throw new RangeError(`write ${text} as a decimal string, e.g. "12.34"`);
  return text;
}

export function formatDecimal(n: bigint, scale: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale > 0 ? `${whole}.${digits.slice(digits.length - scale)}` : whole;
  return negative ? `-${text}` : text;
}
