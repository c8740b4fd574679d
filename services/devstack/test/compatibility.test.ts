// The registry's pure Avro rules: parsing (with references), equality keys and every
// compatibility level, direct and transitive.
import type { Type } from 'avsc';
import {
  checkCompatibility,
  compactSchema,
  COMPATIBILITY_LEVELS,
  isCompatibilityLevel,
  parseAvro,
  schemaKey,
} from '../src/registry/compatibility';

type Field = { name: string; type: unknown; default?: unknown };
const record = (fields: Field[], name = 'Contact'): string =>
  JSON.stringify({ type: 'record', name, namespace: 'crm', fields });
const avro = (text: string): Type => parseAvro(text);
const history = (...texts: string[]) => texts.map((text, i) => ({ version: i + 1, type: avro(text) }));

const v1 = record([{ name: 'id', type: 'string' }]);
const withDefault = record([
  { name: 'id', type: 'string' },
  { name: 'phone', type: ['null', 'string'], default: null },
]);
const withRequired = record([
  { name: 'id', type: 'string' },
  { name: 'phone', type: 'string' },
]);
const empty = record([]);

describe('levels', () => {
  it('knows exactly the seven Confluent levels', () => {
    // NONE, and each direction checked against the latest version or (_TRANSITIVE) every one.
    const confluent = ['NONE', ...['BACKWARD', 'FORWARD', 'FULL'].flatMap((d) => [d, `${d}_TRANSITIVE`])];
    expect([...COMPATIBILITY_LEVELS].sort()).toEqual(confluent.sort());
    expect(isCompatibilityLevel('FULL')).toBe(true);
    expect(isCompatibilityLevel('full')).toBe(false);
    expect(isCompatibilityLevel(3)).toBe(false);
  });
});

describe('parseAvro and equality keys', () => {
  it('rejects what is not an Avro schema', () => {
    expect(() => parseAvro('{"type":"record","name":"A"}')).toThrow();
    expect(() => parseAvro('{"type":"nope"}')).toThrow();
    expect(() => parseAvro('not json')).toThrow();
    expect(() => parseAvro(record([{ name: 'n', type: 'int', default: 'x' }]))).toThrow();
  });

  it('resolves named types from referenced schemas', () => {
    const phone = JSON.stringify({
      type: 'record',
      name: 'Phone',
      namespace: 'crm',
      fields: [{ name: 'e164', type: 'string' }],
    });
    const contact = record([{ name: 'phone', type: 'crm.Phone' }]);
    expect(() => parseAvro(contact)).toThrow();
    expect(parseAvro(contact, [phone]).toBuffer({ phone: { e164: '+41' } })).toBeInstanceOf(Buffer);
  });

  it('ignores whitespace and key order, not content', () => {
    const spaced = `{ "namespace": "crm",\n  "name": "Contact", "type": "record",\n "fields": [ {"type": "string", "name": "id"} ] }`;
    expect(compactSchema(spaced)).toBe(
      '{"namespace":"crm","name":"Contact","type":"record","fields":[{"type":"string","name":"id"}]}',
    );
    expect(schemaKey(spaced)).toBe(schemaKey(v1));
    expect(schemaKey(withDefault)).not.toBe(schemaKey(v1));
    // Field order is meaningful in Avro: swapping fields is another schema.
    const ab = record([
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int' },
    ]);
    const ba = record([
      { name: 'b', type: 'int' },
      { name: 'a', type: 'int' },
    ]);
    expect(schemaKey(ab)).not.toBe(schemaKey(ba));
  });
});

describe('checkCompatibility', () => {
  const ok = (level: Parameters<typeof checkCompatibility>[0], candidate: string, ...previous: string[]) =>
    checkCompatibility(level, avro(candidate), history(...previous)).length === 0;

  it('accepts anything against no previous version, and anything under NONE', () => {
    for (const level of COMPATIBILITY_LEVELS) expect(ok(level, withRequired)).toBe(true);
    expect(ok('NONE', JSON.stringify('string'), v1)).toBe(true);
  });

  it('BACKWARD: the new schema must read old data', () => {
    expect(ok('BACKWARD', withDefault, v1)).toBe(true); // new field with a default
    expect(ok('BACKWARD', withRequired, v1)).toBe(false); // old data lacks the field
    expect(ok('BACKWARD', empty, v1)).toBe(true); // dropping a field: the reader skips it
    expect(ok('BACKWARD', record([{ name: 'n', type: 'long' }]), record([{ name: 'n', type: 'int' }]))).toBe(true);
    expect(ok('BACKWARD', record([{ name: 'n', type: 'int' }]), record([{ name: 'n', type: 'long' }]))).toBe(false);
    expect(ok('BACKWARD', JSON.stringify('string'), v1)).toBe(false);
  });

  it('FORWARD: old schemas must read new data', () => {
    expect(ok('FORWARD', withRequired, v1)).toBe(true); // old reader skips the new field
    expect(ok('FORWARD', empty, v1)).toBe(false); // old reader needs `id`, which has no default
    expect(ok('FORWARD', record([{ name: 'n', type: 'long' }]), record([{ name: 'n', type: 'int' }]))).toBe(false);
    const enumOf = (symbols: string[]) => JSON.stringify({ type: 'enum', name: 'Kind', symbols });
    expect(ok('FORWARD', enumOf(['A', 'B', 'C']), enumOf(['A', 'B']))).toBe(false);
    expect(ok('BACKWARD', enumOf(['A', 'B', 'C']), enumOf(['A', 'B']))).toBe(true);
  });

  it('FULL: both directions', () => {
    expect(ok('FULL', withDefault, v1)).toBe(true);
    expect(ok('FULL', withRequired, v1)).toBe(false);
    expect(ok('FULL', empty, v1)).toBe(false);
  });

  it('non-transitive levels look at the latest version only, transitive ones at all', () => {
    // v3 reads v2 (which has `phone`) but not v1 (no `phone`, and v3 gives it no default).
    const v3 = record([{ name: 'phone', type: ['null', 'string'] }]);
    expect(ok('BACKWARD', v3, v1, withDefault)).toBe(true);
    const messages = checkCompatibility('BACKWARD_TRANSITIVE', avro(v3), history(v1, withDefault));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/version 1 \(BACKWARD_TRANSITIVE\)/);

    // FORWARD: the latest version reads the new data, an older one (needing `other`) does not.
    const onlyPhone = record([
      { name: 'id', type: 'string', default: '' },
      { name: 'phone', type: 'string' },
    ]);
    expect(ok('FORWARD', withRequired, empty, onlyPhone)).toBe(true);
    expect(ok('FORWARD_TRANSITIVE', withRequired, record([{ name: 'other', type: 'int' }]), onlyPhone)).toBe(false);
    expect(ok('FULL', withDefault, empty, v1)).toBe(true);
    expect(ok('FULL_TRANSITIVE', withDefault, empty, v1)).toBe(false);
  });

  it('reports one message per failed direction', () => {
    const messages = checkCompatibility('FULL', avro(JSON.stringify('string')), history(v1));
    expect(messages).toHaveLength(2);
    expect(messages.join('\n')).toMatch(/cannot read data written with it/);
    expect(messages.join('\n')).toMatch(/cannot read data written with the new schema/);
  });
});
