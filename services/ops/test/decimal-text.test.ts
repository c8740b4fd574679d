import { formatDecimal, parseDecimal } from '../src/avro/decimal-text';

describe('parseDecimal', () => {
  it.each<[string | number, bigint]>([
    ['10.50', 1050n],
    ['10.5', 1050n],
    ['10', 1000n],
    ['0', 0n],
    ['-3.07', -307n],
    ['+1.00', 100n],
    ['.5', 50n],
    ['7.', 700n],
    ['0.01', 1n],
    [' 12.34 ', 1234n],
    ['12.340', 1234n],
    [10.5, 1050n],
    [0.1, 10n],
    [-0.07, -7n],
    [1234, 123400n],
    ['9999999999999999.99', 999999999999999999n],
  ])('%p at scale 2 is %p minor units', (input, minor) => {
    expect(parseDecimal(input, 2, 18)).toBe(minor);
  });

  it.each(['', 'abc', '1,5', '1.2.3', '1e3', '--1', '0x10', 'NaN'])('rejects %p', (input) => {
    expect(() => parseDecimal(input, 2)).toThrow(RangeError);
  });

  it('never rounds: more digits than the scale is an error', () => {
    expect(() => parseDecimal('0.001', 2)).toThrow(/more than 2 digits after the decimal point/);
    expect(() => parseDecimal(0.005, 2)).toThrow(RangeError);
  });

  it('keeps to the precision', () => {
    expect(() => parseDecimal('10000000000000000.00', 2, 18)).toThrow(/more than 18 digits/);
  });

  it('refuses numbers JavaScript writes with an exponent', () => {
    expect(() => parseDecimal(1e21, 2)).toThrow(/decimal string/);
    expect(() => parseDecimal(Infinity, 2)).toThrow(RangeError);
  });
});

describe('formatDecimal', () => {
  it.each<[bigint, number, string]>([
    [1234n, 2, '12.34'],
    [5n, 2, '0.05'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [-1050n, 2, '-10.50'],
    [999999999999999999n, 2, '9999999999999999.99'],
    [42n, 0, '42'],
    [1n, 3, '0.001'],
  ])('%p at scale %p prints %p', (n, scale, text) => {
    expect(formatDecimal(n, scale)).toBe(text);
    expect(parseDecimal(text, scale)).toBe(n);
  });
});
