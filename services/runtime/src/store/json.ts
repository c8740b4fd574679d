// JSON text for values stored as one string field (replies, outcomes, events):
// one opaque field costs a wire-protocol database far less to write and read than
// the same value as nested documents (docs/benchmarks.md#values-as-one-json-field),
// and stays readable. bigint survives as {"$bigint": "…"}.
export function toJson(value: unknown): string {
  // Most values hold no bigint, and JSON.stringify without a replacer is several
  // times faster; a bigint makes it throw a TypeError, and then the replacer runs.
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
  }
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const b = (v as { $bigint?: unknown }).$bigint;
      if (typeof b === 'string' && Object.keys(v).length === 1) return BigInt(b);
    }
    return v;
  }) as T;
}
