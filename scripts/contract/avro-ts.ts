// TypeScript types from the .avsc files, in the shapes avsc reads and writes with the
// runtime's logical types: long and int are numbers, timestamp-millis is epoch ms,
// decimal is bigint minor units, a union whose branches avsc can tell apart by their
// JavaScript type is a plain value (["null","string"] is `string | null`), any other
// union is wrapped as `{ "<full name>": value }` (avsc's `wrapUnions: 'auto'`).
// Request schemas are inputs: a field with a default may be omitted (avsc writes the
// default). Replies and events are outputs: every field is present once decoded.
// Named types shared by several schemas (ResponseLanguage, Detail) are written once;
// two different types of one short name are refused.

interface Field {
  name: string;
  type: AvroType;
  doc?: string;
  default?: unknown;
}
type AvroType =
  | string
  | AvroType[]
  | {
      type: string;
      name?: string;
      namespace?: string;
      doc?: string;
      fields?: Field[];
      symbols?: string[];
      items?: AvroType;
      values?: AvroType;
      logicalType?: string;
    };

export interface SchemaSource {
  /** The .avsc JSON. */
  schema: AvroType;
  role: 'input' | 'output';
}

interface Named {
  body: string;
  doc?: string;
}

const PRIMITIVE: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  string: 'string',
  bytes: 'Buffer',
};
/** What avsc tells union branches apart by: a primitive's JavaScript type, and these. */
const BUCKET: Readonly<Record<string, string>> = {
  enum: 'string',
  fixed: 'buffer',
  array: 'array',
  record: 'object',
  map: 'object',
};
const bucketOf = (type: string): string | undefined => BUCKET[type] ?? PRIMITIVE[type]?.toLowerCase();

const comment = (doc: string | undefined, indent = ''): string =>
  doc ? `${indent}/** ${doc.replace(/\*\//g, '*\\/')} */\n` : '';

class Emitter {
  readonly named = new Map<string, Named>();
  private readonly fullNames = new Map<string, string>();

  private short(full: string): string {
    return full.slice(full.lastIndexOf('.') + 1);
  }

  private define(full: string, body: string, doc?: string): string {
    const name = this.short(full);
    const known = this.named.get(name);
    // Field comments may differ between schemas (each says what the field means there); the shape may not.
    const shape = (text: string): string => text.replace(/ *\/\*\*.*\*\/\n/g, '');
    if (known && shape(known.body) !== shape(body)) throw new Error(`two Avro types named ${name} differ (${full})`);
    if (!known) this.named.set(name, { body, doc });
    return name;
  }

  private bucket(t: AvroType): string {
    if (typeof t === 'string') {
      const full = this.fullNames.get(t);
      return bucketOf(full ?? t) ?? 'object';
    }
    if (Array.isArray(t)) return 'union';
    return bucketOf(t.type) ?? 'object';
  }

  private branchName(t: AvroType, ns: string): string {
    if (typeof t === 'string') return PRIMITIVE[t] ? t : t.includes('.') ? t : `${ns}.${t}`;
    if (Array.isArray(t)) throw new Error('a union inside a union');
    if (t.name) return t.name.includes('.') ? t.name : `${t.namespace ?? ns}.${t.name}`;
    return t.type;
  }

  type(t: AvroType, ns: string, role: SchemaSource['role']): string {
    if (typeof t === 'string') {
      if (PRIMITIVE[t]) return PRIMITIVE[t];
      return this.short(t);
    }
    if (Array.isArray(t)) {
      const buckets = t.map((b) => this.bucket(b));
      const wrapped = new Set(buckets).size !== buckets.length;
      // null last: `string | null` reads as "a string, or nothing".
      const ordered = [...t.filter((b) => b !== 'null'), ...t.filter((b) => b === 'null')];
      return ordered
        .map((b) => {
          const inner = this.type(b, ns, role);
          return wrapped && !(typeof b === 'string' && b === 'null')
            ? `{ '${this.branchName(b, ns)}': ${inner} }`
            : inner;
        })
        .join(' | ');
    }
    if (t.logicalType === 'timestamp-millis') return 'number';
    if (t.logicalType === 'decimal') return 'bigint';
    const here = t.namespace ?? ns;
    switch (t.type) {
      case 'array':
        return `${this.paren(this.type(t.items!, here, role))}[]`;
      case 'map':
        return `Record<string, ${this.type(t.values!, here, role)}>`;
      case 'enum': {
        const full = this.branchName(t, ns);
        this.fullNames.set(full, 'enum');
        return this.define(full, t.symbols!.map((s) => `'${s}'`).join(' | '), t.doc);
      }
      case 'record': {
        const full = this.branchName(t, ns);
        this.fullNames.set(full, 'record');
        const fields = t.fields!.map((f) => {
          const optional = role === 'input' && f.default !== undefined ? '?' : '';
          return `${comment(f.doc, '  ')}  ${f.name}${optional}: ${this.type(f.type, here, role)};`;
        });
        return this.define(full, `{\n${fields.join('\n')}\n}`, t.doc);
      }
      default:
        return PRIMITIVE[t.type] ?? 'unknown';
    }
  }

  private paren(s: string): string {
    return s.includes('|') ? `(${s})` : s;
  }
}

/** One TypeScript module declaring every named type of `sources`, in the order met. */
export function avroTypes(sources: readonly SchemaSource[]): string {
  const e = new Emitter();
  for (const s of sources) e.type(s.schema, '', s.role);
  return [...e.named]
    .map(([name, t]) =>
      t.body.startsWith('{')
        ? `${comment(t.doc)}export interface ${name} ${t.body}\n`
        : `${comment(t.doc)}export type ${name} = ${t.body};\n`,
    )
    .join('\n');
}
