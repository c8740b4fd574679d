// JSON (as an operator writes it) → the Avro value avsc encodes, guided by the schema:
// - decimals as strings or numbers ("10.50", 10.5) → bigint minor units at the schema's scale;
// - timestamp-millis as epoch ms or an ISO-8601 string;
// - a union branch as {"RegisterCard": {…}} or {"alcs.card.RegisterCard": {…}}, or a plain
//   value that only one branch takes;
// - an omitted field takes its default, or null when its type allows null;
// - bytes and fixed as base64.
// Throws ConversionError naming the JSON path of the first problem; unknown fields are
// problems too (a typo would otherwise silently become a null).
import type avro from 'avsc';
import { parseDecimal } from './decimal-text';
import { ScaledDecimal, TimestampMillis } from './types';

export class ConversionError extends Error {
  override readonly name = 'ConversionError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

export function fromJson(type: avro.Type, json: Json, path = '$'): unknown {
  const fail = (reason: string): never => {
    throw new ConversionError(path, reason);
  };
  if (type instanceof ScaledDecimal) {
    if (typeof json !== 'string' && typeof json !== 'number') return fail('expected a decimal such as "12.34"');
    try {
      return parseDecimal(json, type.scale, type.precision);
    } catch (err) {
      return fail((err as Error).message);
    }
  }
  if (type instanceof TimestampMillis) return timestamp(json, fail);
  switch (type.typeName) {
    case 'null':
      return json === null ? null : fail('expected null');
    case 'boolean':
      return typeof json === 'boolean' ? json : fail('expected true or false');
    case 'int':
      return typeof json === 'number' && Number.isInteger(json) && json >= -(2 ** 31) && json < 2 ** 31
        ? json
        : fail('expected a 32-bit integer');
    case 'long':
      return long(json, fail);
    case 'float':
    case 'double':
      return typeof json === 'number' ? json : fail('expected a number');
    case 'string':
      return typeof json === 'string' ? json : fail('expected a string');
    case 'bytes':
    case 'fixed':
      return base64(json, fail);
    case 'enum': {
      const { symbols } = type as avro.types.EnumType;
      return typeof json === 'string' && symbols.includes(json) ? json : fail(`expected one of ${symbols.join(', ')}`);
    }
    case 'array': {
      if (!Array.isArray(json)) return fail('expected an array');
      const items = (type as avro.types.ArrayType).itemsType;
      return json.map((v, i) => fromJson(items, v, `${path}[${i}]`));
    }
    case 'map': {
      if (!isObject(json)) return fail('expected an object (map)');
      const values = (type as avro.types.MapType).valuesType as avro.Type;
      return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, fromJson(values, v, `${path}.${k}`)]));
    }
    case 'record':
    case 'error':
      return record(type as avro.types.RecordType, json, path, fail);
    case 'union:wrapped':
    case 'union:unwrapped':
      return union(type as avro.types.WrappedUnionType, json, path, fail);
    default:
      return fail(`unsupported Avro type ${type.typeName}`);
  }
}

function record(
  type: avro.types.RecordType,
  json: Json,
  path: string,
  fail: (r: string) => never,
): Record<string, unknown> {
  if (!isObject(json)) return fail(`expected an object (${type.name ?? 'record'})`);
  const names = type.fields.map((f) => f.name);
  const unknown = Object.keys(json).find((k) => !names.includes(k));
  if (unknown !== undefined)
    throw new ConversionError(
      `${path}.${unknown}`,
      `unknown field; ${shortName(type.name ?? 'record')} has ${names.join(', ')}`,
    );
  const out: Record<string, unknown> = {};
  for (const field of type.fields) {
    const at = `${path}.${field.name}`;
    if (json[field.name] !== undefined) out[field.name] = fromJson(field.type, json[field.name], at);
    else out[field.name] = omitted(field, at);
  }
  return out;
}

function omitted(field: avro.types.Field, path: string): unknown {
  const fallback: unknown = field.defaultValue();
  if (fallback !== undefined) return fallback;
  if (
    field.type.typeName.startsWith('union:') &&
    (field.type as avro.types.UnwrappedUnionType).types.some((t) => t.typeName === 'null')
  )
    return null;
  throw new ConversionError(path, 'required field is missing');
}

function union(type: avro.types.WrappedUnionType, json: Json, path: string, fail: (r: string) => never): unknown {
  const wrapped = type.typeName === 'union:wrapped';
  const wrap = (branch: avro.Type, value: unknown): unknown =>
    wrapped && branch.typeName !== 'null' ? { [branch.branchName ?? '']: value } : value;
  const branches = type.types;
  if (json === null) return branches.some((t) => t.typeName === 'null') ? null : fail('null is not allowed here');
  const keys = isObject(json) ? Object.keys(json) : [];
  const named =
    keys.length === 1
      ? branches.find((t) => t.branchName === keys[0] || shortName(t.branchName ?? '') === keys[0])
      : undefined;
  if (named && isObject(json) && keys[0] !== undefined)
    return wrap(named, fromJson(named, json[keys[0]], `${path}.${keys[0]}`));
  for (const branch of branches) {
    if (branch.typeName === 'null') continue;
    try {
      return wrap(branch, fromJson(branch, json, path));
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
    }
  }
  const choices = branches.filter((t) => t.typeName !== 'null').map((t) => shortName(t.branchName ?? t.typeName));
  return fail(
    `matches no branch of the union; name one, e.g. {"${choices[0] ?? ''}": …} (one of ${choices.join(', ')})`,
  );
}

function timestamp(json: Json, fail: (r: string) => never): number {
  if (typeof json === 'number' && Number.isSafeInteger(json)) return json;
  const ms = typeof json === 'string' && /^\d{4}-\d{2}-\d{2}/.test(json) ? Date.parse(json) : NaN;
  return Number.isNaN(ms) ? fail('expected epoch milliseconds or an ISO-8601 time such as "2025-01-31T09:00:00Z"') : ms;
}

function long(json: Json, fail: (r: string) => never): number {
  const n = typeof json === 'string' && /^-?\d+$/.test(json) ? Number(json) : json;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : fail('expected an integer');
}

function base64(json: Json, fail: (r: string) => never): Buffer {
  if (typeof json !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(json) || json.length % 4 !== 0)
    return fail('expected base64 text');
  return Buffer.from(json, 'base64');
}
