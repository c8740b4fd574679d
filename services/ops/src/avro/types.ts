// How the CLI reads Avro schemas. Decimals are the runtime's type (bigint minor
// units, the very bytes the workers read and write) that also remembers its scale,
// and timestamp-millis stays an epoch-ms number but is recognisable, so that JSON
// text can be converted both ways: "12.34" ⇄ 1234n, ISO time ⇄ epoch ms.
import avro from 'avsc';
import { DecimalMinorUnits } from '@workers/runtime';

type AvroSchema = Parameters<typeof avro.Type.forSchema>[0];
type Attrs = { scale?: unknown; precision?: unknown };

export class ScaledDecimal extends DecimalMinorUnits {
  readonly scale: number;
  readonly precision: number;
  constructor(schema: avro.Schema, opts?: avro.ForSchemaOptions) {
    super(schema, opts);
    const { scale, precision } = schema as Attrs;
    this.scale = typeof scale === 'number' ? scale : 0;
    this.precision = typeof precision === 'number' ? precision : Infinity;
  }
}

export class TimestampMillis extends avro.types.LogicalType {
  override _fromValue(val: number): number {
    return val;
  }

  override _toValue(val: unknown): number | undefined {
    return typeof val === 'number' ? val : undefined;
  }

  override _resolve(type: avro.Type): ((x: unknown) => unknown) | undefined {
    return avro.Type.isType(type, 'long', 'logical:timestamp-millis') ? (x) => x : undefined;
  }
}

export const opsLogicalTypes = { decimal: ScaledDecimal, 'timestamp-millis': TimestampMillis };

/** Throws (avsc's message) when `text` is not a valid Avro schema. */
export function parseSchema(text: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(text) as AvroSchema, { logicalTypes: opsLogicalTypes });
}
