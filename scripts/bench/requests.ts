// A benchmark request: where it goes, its key and correlation id, and its value in
// the shape avsc encodes (union branches by full name, decimals as bigint minor
// units). Encoded once before any clock starts.
export interface BenchRequest {
  topic: string;
  key: string;
  requestId: string;
  value: Record<string, unknown>;
}

/** A run tag usable inside ids that allow only letters, digits, `_` and `-`. */
export function idTag(run: string): string {
  return run.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Eight digits standing for a run tag (card numbers are digits only). */
export function digitsOf(run: string): string {
  let h = 2166136261;
  for (const ch of run) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return String(h % 100_000_000).padStart(8, '0');
}

/** A deterministic random source (mulberry32), so a run's mix can be regenerated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const envelope = (
  requestId: string,
  source: string,
  branch: string,
  payload: Record<string, unknown>,
): Record<string, unknown> => ({
  requestId,
  sentAt: Date.now(),
  source,
  responseLanguage: null,
  operation: { [branch]: payload },
});

/** Re-sends and id collisions, as upstream systems make them: ~5 % the same request again, ~1 % a used id with other content. */
export function withRepeats(
  reqs: BenchRequest[],
  rand: () => number,
  change: (r: BenchRequest) => BenchRequest,
): BenchRequest[] {
  const out: BenchRequest[] = [];
  for (const r of reqs) {
    out.push(r);
    const roll = rand();
    if (out.length < 50) continue;
    const earlier = out[Math.floor(rand() * (out.length - 10))]!;
    if (roll < 0.05) out.push(earlier);
    else if (roll < 0.06) out.push(change(earlier));
  }
  return out;
}

/**
 * Picks an item made at least `lag` positions ago (so that, as in real traffic, a
 * customer activates a card some time after registering it, not in the same breath).
 */
export function pickAged<T extends { at: number }>(
  pool: T[],
  now: number,
  lag: number,
  rand: () => number,
): T | undefined {
  let hi = pool.length;
  while (hi > 0 && pool[hi - 1]!.at > now - lag) hi--;
  return hi === 0 ? undefined : pool[Math.floor(rand() * hi)];
}
