import avro from 'avsc';
import { avroLogicalTypes, DecimalMinorUnits } from '../src/decimal';

const schema = { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } as avro.Schema;
const decimal = avro.Type.forSchema(schema, { logicalTypes: avroLogicalTypes });
const plainBytes = avro.Type.forSchema('bytes');

/** The raw two's-complement bytes an encoded value carries (what Java's BigInteger.toByteArray() gives). */
const rawOf = (n: bigint): Buffer => plainBytes.fromBuffer(decimal.toBuffer(n)) as Buffer;
const hex = (h: string): Buffer => Buffer.from(h, 'hex');

describe('DecimalMinorUnits', () => {
  it('is the type avsc builds for a bytes decimal', () => {
    expect(decimal).toBeInstanceOf(DecimalMinorUnits);
  });

  const max = 10n ** 18n - 1n;
  it.each([
    0n,
    1n,
    -1n,
    127n,
    -127n,
    128n,
    -128n,
    129n,
    -129n,
    1234n,
    -1234n,
    255n,
    256n,
    -256n,
    32767n,
    -32768n,
    max,
    -max,
  ])('round-trips %p', (n) => {
    const back: unknown = decimal.fromBuffer(decimal.toBuffer(n));
    expect(typeof back).toBe('bigint');
    expect(back).toBe(n);
  });

  // BigInteger.valueOf(n).toByteArray() in Java: the shortest two's complement form.
  it.each<[bigint, string]>([
    [0n, '00'],
    [1n, '01'],
    [-1n, 'ff'],
    [127n, '7f'],
    [-127n, '81'],
    [128n, '0080'],
    [-128n, '80'],
    [129n, '0081'],
    [-129n, 'ff7f'],
    [1234n, '04d2'],
    [-1234n, 'fb2e'],
    [max, '0de0b6b3a763ffff'],
    [-max, 'f21f494c589c0001'],
  ])('encodes %p as the Java/Confluent bytes %s', (n, bytes) => {
    expect(rawOf(n).toString('hex')).toBe(bytes);
  });

  it('reads 12.34 as written by Java/Confluent (unscaled 1234 → 0x04D2) as 1234 minor units', () => {
    // Avro binary of bytes: zigzag length (2 → 0x04) then the bytes.
    const javaEncoded = Buffer.concat([Buffer.from([0x04]), hex('04d2')]);
    expect(decimal.fromBuffer(javaEncoded)).toBe(1234n);
    expect(decimal.toBuffer(1234n).equals(javaEncoded)).toBe(true);
  });

  it('reads non-minimal Java encodings too (leading sign-extension bytes)', () => {
    expect(decimal.fromBuffer(plainBytes.toBuffer(hex('000004d2')))).toBe(1234n);
    expect(decimal.fromBuffer(plainBytes.toBuffer(hex('fffffb2e')))).toBe(-1234n);
  });

  it('reads empty bytes as zero', () => {
    expect(decimal.fromBuffer(plainBytes.toBuffer(Buffer.alloc(0)))).toBe(0n);
  });

  it('refuses non-bigint values (money never travels as a float)', () => {
    expect(decimal.isValid(1234n)).toBe(true);
    expect(decimal.isValid(12.34)).toBe(false);
    expect(decimal.isValid('1234')).toBe(false);
    expect(() => decimal.toBuffer(12.34)).toThrow();
  });

  it('works inside a record schema', () => {
    const rec = avro.Type.forSchema(
      { type: 'record', name: 'Amount', fields: [{ name: 'value', type: schema }] } as avro.Schema,
      { logicalTypes: avroLogicalTypes },
    );
    expect(rec.fromBuffer(rec.toBuffer({ value: -98765n }))).toEqual({ value: -98765n });
  });
});
