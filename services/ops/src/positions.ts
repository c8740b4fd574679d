// Where a read starts, from the options of `tail` (and the offsets `dlq replay` picks).
// Pure: the command fetches each partition's bounds (and offsets for a time) first.
//   --offset 5          every partition from offset 5
//   --offset 0:5,2:9    partition 0 from 5 and partition 2 from 9; the others are not read
//   --from-beginning    every partition from its first offset
//   --since <ISO time>  every partition from the first message at or after that time
//   (none)              only what arrives from now on
import { usageError } from './exit';

export interface OffsetArg {
  /** Absent: every partition. */
  partition?: number;
  offset: bigint;
}

export type StartSpec =
  | { kind: 'latest' }
  | { kind: 'beginning' }
  | { kind: 'offsets'; offsets: OffsetArg[] }
  | { kind: 'since'; timestamp: number };

export interface Bounds {
  low: bigint;
  high: bigint;
}

/** "5", "0:5", or several of them separated by commas. Throws a usage error. */
export function parseOffsetArgs(texts: readonly string[]): OffsetArg[] {
  return texts
    .flatMap((t) => t.split(','))
    .map((part) => {
      const m = /^\s*(?:(\d+):)?(\d+)\s*$/.exec(part);
      if (!m || m[2] === undefined)
        throw usageError(`--offset ${JSON.stringify(part)}: expected <offset> or <partition>:<offset>`);
      return m[1] === undefined ? { offset: BigInt(m[2]) } : { partition: Number(m[1]), offset: BigInt(m[2]) };
    });
}

/** An ISO-8601 time with a date and a time zone (Z or ±hh:mm), to epoch ms. */
export function parseSince(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms))
    throw usageError(
      `--since ${JSON.stringify(text)}: expected an ISO-8601 time with a zone, e.g. 2025-01-31T09:00:00Z`,
    );
  return ms;
}

export function startSpec(o: { fromBeginning?: boolean; offset?: string[]; since?: string }): StartSpec {
  const given = [
    o.fromBeginning ? '--from-beginning' : '',
    o.offset?.length ? '--offset' : '',
    o.since !== undefined ? '--since' : '',
  ].filter(Boolean);
  if (given.length > 1) throw usageError(`${given.join(', ')}: choose one`);
  if (o.fromBeginning) return { kind: 'beginning' };
  if (o.offset?.length) return { kind: 'offsets', offsets: parseOffsetArgs(o.offset) };
  if (o.since !== undefined) return { kind: 'since', timestamp: parseSince(o.since) };
  return { kind: 'latest' };
}

const clamp = (n: bigint, b: Bounds): bigint => (n < b.low ? b.low : n > b.high ? b.high : n);

/**
 * The first offset to read per partition (absent = not read), kept within each
 * partition's bounds. `byTime` holds the offsets for a `since` time (high where none).
 */
export function startOffsets(
  spec: StartSpec,
  bounds: ReadonlyMap<number, Bounds>,
  byTime?: ReadonlyMap<number, bigint>,
): Map<number, bigint> {
  const out = new Map<number, bigint>();
  if (spec.kind === 'offsets') {
    const unknown = spec.offsets.filter((o) => o.partition !== undefined && !bounds.has(o.partition));
    if (unknown.length > 0)
      throw usageError(
        `--offset: no partition ${unknown.map((o) => o.partition).join(', ')} (the topic has ${bounds.size})`,
      );
    const all = spec.offsets.find((o) => o.partition === undefined);
    for (const [p, b] of bounds) {
      const own = spec.offsets.find((o) => o.partition === p);
      const chosen = own ?? all;
      if (chosen) out.set(p, clamp(chosen.offset, b));
    }
    return out;
  }
  for (const [p, b] of bounds) {
    const start = spec.kind === 'beginning' ? b.low : spec.kind === 'latest' ? b.high : (byTime?.get(p) ?? b.high);
    out.set(p, clamp(start, b));
  }
  return out;
}
