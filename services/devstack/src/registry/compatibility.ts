// Contract: pure Avro helpers of the schema registry, no I/O and no state.
// - parseAvro(text, referenced) parses schema text (after the texts of the schemas it references,
//   dependencies first) into an avsc Type, or throws.
// - compactSchema(text) is the stored form (compact JSON); schemaKey(text) is the equality key
//   (object keys sorted, so whitespace and key order never make a new version).
// - checkCompatibility(level, candidate, previous) applies a Confluent level to a candidate against
//   the registered versions (oldest first) and returns one message per failure ([] = compatible).
//   BACKWARD: the candidate (reader) reads data written with an older version (writer);
//   FORWARD the opposite; FULL both. *_TRANSITIVE checks every version, the others only the latest.
import { Type } from 'avsc';

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];
export const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD';

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

type AvroSchema = Parameters<typeof Type.forSchema>[0];

function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** Parses `text` as an Avro schema; `referenced` are the texts of the schemas it refers to, dependencies first. */
export function parseAvro(text: string, referenced: readonly string[] = []): Type {
  const registry: Record<string, Type> = {};
  for (const ref of referenced) Type.forSchema(parseJson(ref) as AvroSchema, { registry });
  return Type.forSchema(parseJson(text) as AvroSchema, { registry });
}

export function compactSchema(text: string): string {
  return JSON.stringify(parseJson(text));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

export function schemaKey(text: string): string {
  return JSON.stringify(sortKeys(parseJson(text)));
}

function resolveError(reader: Type, writer: Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export function checkCompatibility(
  level: CompatibilityLevel,
  candidate: Type,
  previous: ReadonlyArray<{ version: number; type: Type }>,
): string[] {
  if (level === 'NONE') return [];
  const targets = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const messages: string[] = [];
  for (const { version, type } of targets) {
    const readOld = backward ? resolveError(candidate, type) : undefined;
    if (readOld !== undefined)
      messages.push(
        `Incompatible with version ${version} (${level}): the new schema cannot read data written with it: ${readOld}`,
      );
    const readNew = forward ? resolveError(type, candidate) : undefined;
    if (readNew !== undefined)
      messages.push(
        `Incompatible with version ${version} (${level}): it cannot read data written with the new schema: ${readNew}`,
      );
  }
  return messages;
}
