// The canonical JSON text a request's content hash is taken over (processed.ts).
// Its output must never change: stored processed records hold hashes of it, and a
// re-sent request whose text came out different would be answered
// DuplicateRequestId instead of its reply. It is, byte for byte, what an earlier
// version produced with JSON.stringify and a replacer that rebuilt every object
// with its keys sorted and wrote a bigint as the string "<digits>n"
// (test/canonical-json.test.ts compares the two on generated values). It is one
// walk because that replacer copied every object of every request (its entries, a
// sort, a new object): docs/benchmarks.md#canonical-json-in-one-walk.

/** A canonical array index (what an object lists first, in numeric order, whatever order its keys were added in). */
function isIndex(k: string): boolean {
  if (k.length === 0) return false;
  const c = k.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && k.length > 1)) return false;
  for (let i = 1; i < k.length; i++) {
    const d = k.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(k) < 4_294_967_295;
}

/** Sorts by code unit, in place: an insertion sort, as objects have few keys and it allocates nothing (docs/benchmarks.md#canonical-json-in-one-walk). */
function sortInPlace(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}

/**
 * Keys in the order the sorted copy listed them: `Object.fromEntries` of entries
 * sorted by code unit puts array-index keys first in numeric order, the rest after.
 */
function orderedKeys(o: object): string[] {
  const keys = sortInPlace(Object.keys(o));
  let indices = 0;
  for (const k of keys) if (isIndex(k)) indices++;
  if (indices === 0) return keys;
  const first = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  for (const k of keys) if (!isIndex(k)) first.push(k);
  return first;
}

/** The text of `v` as property `key`, or undefined where JSON.stringify leaves the property out. */
function write(key: string, v: unknown): string | undefined {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(k: string): unknown }).toJSON(key);
  }
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return `"${v}n"`;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (v === null) return 'null';
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + (write(String(i), v[i]) ?? 'null');
    return `${out}]`;
  }
  out = '{';
  for (const k of orderedKeys(v)) {
    const text = write(k, (v as Record<string, unknown>)[k]);
    if (text !== undefined) out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${text}`;
  }
  return `${out}}`;
}

/** `value` as canonical JSON text: object keys sorted at every depth, bigint as "<digits>n". */
export function canonicalJson(value: unknown): string | undefined {
  return write('', value);
}
