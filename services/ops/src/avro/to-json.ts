// An Avro value (as avsc decodes it with the CLI's types) → JSON an operator can read
// and feed back to `ops request`: decimals as exact strings ("12.34"), timestamps as
// ISO-8601, bytes as base64, wrapped union branches as {"<full name>": …}.
import type avro from 'avsc';
import { formatDecimal } from './decimal-text';
import { ScaledDecimal, TimestampMillis } from './types';

export function toJson(type: avro.Type, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type instanceof ScaledDecimal && typeof value === 'bigint') return formatDecimal(value, type.scale);
  if (type instanceof TimestampMillis && typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  }
  switch (type.typeName) {
    case 'array':
      return Array.isArray(value) ? value.map((v) => toJson((type as avro.types.ArrayType).itemsType, v)) : value;
    case 'map':
      return mapValues(value, () => (type as avro.types.MapType).valuesType as avro.Type);
    case 'record':
    case 'error': {
      const fields = new Map((type as avro.types.RecordType).fields.map((f) => [f.name, f.type]));
      return mapValues(value, (k) => fields.get(k));
    }
    case 'union:wrapped': {
      const branches = (type as avro.types.WrappedUnionType).types;
      return mapValues(value, (k) => branches.find((t) => t.branchName === k));
    }
    case 'union:unwrapped': {
      const branch = (type as avro.types.UnwrappedUnionType).types.find(
        (t) => t.typeName !== 'null' && t.isValid(value),
      );
      return branch ? toJson(branch, value) : plain(value);
    }
    default:
      return plain(value);
  }
}

function mapValues(value: unknown, typeOf: (key: string) => avro.Type | undefined): unknown {
  if (typeof value !== 'object' || value === null) return plain(value);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const t = typeOf(k);
      return [k, t ? toJson(t, v) : plain(v)];
    }),
  );
}

/** What has no schema guidance left: Buffers as base64, bigints as digits. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return value.toString();
  return value;
}
