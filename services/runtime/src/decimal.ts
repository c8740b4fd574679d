// Avro `decimal` (bytes, two's-complement big-endian unscaled integer) read as a
// bigint of minor units: with scale 2, 12.34 travels as 1234 and is stored as 1234.
// Money never passes through binary floating point (docs/rules.md#topics-and-wire-format).
import avro from 'avsc';

/** Bytes of the longest two's-complement value with `precision` decimal digits. */
export function maxDecimalBytes(precision: number): number {
  return Math.ceil((precision * Math.log2(10) + 1) / 8);
}

export class DecimalMinorUnits extends avro.types.LogicalType {
  /** Longer values are refused before any arithmetic: a 256 KB "decimal" would take the
   * event loop for a minute (bigint shifts are quadratic in the length). */
  private readonly maxBytes: number;

  constructor(schema: avro.Schema, opts?: avro.ForSchemaOptions) {
    super(schema, opts);
    const declared = typeof schema === 'object' ? (schema as { precision?: unknown }).precision : undefined;
    const precision = typeof declared === 'number' && declared > 0 ? declared : 38;
    this.maxBytes = maxDecimalBytes(precision);
  }

  override _fromValue(val: Buffer): bigint {
    if (val.length > this.maxBytes)
      throw new RangeError(`decimal of ${val.length} bytes exceeds its precision (at most ${this.maxBytes} bytes)`);
    if (val.length === 0) return 0n;
    let n = 0n;
    for (const byte of val) n = (n << 8n) | BigInt(byte);
    const negative = (val[0] ?? 0) & 0x80;
    return negative ? n - (1n << BigInt(val.length * 8)) : n;
  }

  override _toValue(n: unknown): Buffer | undefined {
    if (typeof n !== 'bigint') return undefined;
    const bytes: number[] = [];
    let v = n;
    // Emit the shortest two's-complement form that still carries the sign bit.
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (!((v === 0n && (bytes[0]! & 0x80) === 0) || (v === -1n && (bytes[0]! & 0x80) !== 0)));
    return Buffer.from(bytes);
  }

  override _resolve(type: avro.Type): ((x: unknown) => unknown) | undefined {
    return avro.Type.isType(type, 'bytes', 'logical:decimal') ? (x) => x : undefined;
  }
}

export const avroLogicalTypes = { decimal: DecimalMinorUnits };
