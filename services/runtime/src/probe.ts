// Whether the dependencies a worker needs serve right now, asked by a partition before
// it takes a message that failed alone for poison (engine/outage.ts): a message that
// fails while a dependency is down is waited for, never dead-lettered. Each probe is a
// round trip that exercises what processing needs (a MongoDB write, not a ping: a
// stepped-down primary still answers pings). The worker wiring supplies them
// (worker-main.ts wires the database's; a worker may add its own).

export interface DependencyProbe {
  /** The dependency's name, in logs (for example `mongodb`). */
  readonly name: string;
  /** Resolves when the dependency serves; rejects with its failure otherwise. */
  check(): Promise<void>;
}

/** Rejects when `p` has not settled within `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One check over every probe at once: resolves with null when all serve, else with the
 * first failure (an Error naming the dependency, the failure as its cause). Never rejects.
 */
export function probeAll(probes: readonly DependencyProbe[], timeoutMs = 5_000): () => Promise<Error | null> {
  return async () => {
    const results = await Promise.all(
      probes.map((p) =>
        within(p.check(), timeoutMs, p.name).then(
          () => null,
          (err: unknown) =>
            new Error(`${p.name} does not serve: ${err instanceof Error ? err.message : String(err)}`, { cause: err }),
        ),
      ),
    );
    return results.find((r) => r !== null) ?? null;
  };
}
