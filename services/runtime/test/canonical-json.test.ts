// canonicalJson must write exactly what the replacer it replaced wrote: stored
// processed records hold hashes of that text.
import { canonicalJson } from '../src/canonical-json';
import { contentHash } from '../src/processed';
// The benchmark's seeded source (mulberry32): a failure names a seed that reproduces it.
import { seeded as rng } from '../../../scripts/bench/requests';

/** The earlier implementation, kept here as the reference the new one must match. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

const KEYS = [
  'a',
  'b',
  'B',
  'cardNumber',
  '0',
  '9',
  '10',
  '01',
  '4294967295',
  '4294967294',
  '-1',
  '',
  'é',
  '\u{1F600}',
  'z"q',
  '_x',
];
const STRINGS = ['', 'x', 'Ω', 'line\nbreak', '"quoted"', '\\', '\u0000', '\ud800', '+48123456789'];

function value(r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const kind = Math.floor(r() * (depth > 3 ? 9 : 12));
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick([0, -0, 1.5, -7, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]);
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return BigInt(Math.floor(r() * 1e9)) * pick([1n, -1n, 10n ** 12n]);
    case 6:
      return new Date(Math.floor(r() * 2e12));
    case 7:
      return Buffer.from(pick(STRINGS));
    case 8:
      return pick([() => 1, Symbol('s')]);
    case 9:
    case 10: {
      const o: Record<string, unknown> = {};
      for (let n = Math.floor(r() * 6); n > 0; n--) o[pick(KEYS)] = value(r, depth + 1);
      return o;
    }
    default:
      return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  }
}

describe('canonicalJson', () => {
  it('writes what the earlier replacer wrote, for 5,000 generated values', () => {
    for (let seed = 1; seed <= 5_000; seed++) {
      const v = ['Op', value(rng(seed), 0)];
      expect({ seed, text: canonicalJson(v) }).toEqual({ seed, text: reference(v) });
    }
  });

  it('sorts keys at every depth and lists array-index keys first, in numeric order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 }, 10: 'x', 9: 'y' })).toBe(
      '{"9":"y","10":"x","a":{"c":3,"d":2},"b":1}',
    );
  });

  it('writes bigint as a string ending in n, and leaves out what JSON leaves out', () => {
    expect(canonicalJson({ amount: 1234n, gone: undefined, f: () => 1, list: [undefined] })).toBe(
      '{"amount":"1234n","list":[null]}',
    );
  });

  it('keeps the hash a stored record was made with (pinned from the earlier implementation)', () => {
    const payload = {
      cardNumber: '9763003250000002',
      identity: { siteId: 'SITE-1', posNumber: '12', posId: null },
      loyaltyCard: {
        wallets: [{ id: 'Stickers2016', balance: 12345n, stat: { lost: 0, transferredIn: null } }],
        gender: 'F',
      },
      at: new Date(0),
      raw: Buffer.from('ab'),
      map: { '10': 1, '9': 2, b: 3, a: [undefined, Number.NaN] },
    };
    expect(contentHash('RegisterCard', payload)).toBe(
      '1cc962d4d0e6c5e9f2801d35dc49b0917c0a45a3a574e2bb3e894ed2188ecdbe',
    );
  });
});
