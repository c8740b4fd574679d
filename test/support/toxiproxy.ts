// Network faults on the stack started with --proxy (STACK_PROXY=1): every server sits behind a
// Toxiproxy proxy named after it (`kafka-1`…`kafka-3` or `kafka`, `mongodb`, `registry`, `smtp`).
// Thin typed wrappers over toxiproxy-node-client (Toxiproxy's HTTP API) for tests and the chaos run.
import {
  Toxiproxy,
  type Latency,
  type Timeout,
  type Toxic,
  type ToxicDirection,
  type ToxicType,
} from 'toxiproxy-node-client';

export type ProxyName = 'kafka' | `kafka-${number}` | 'mongodb' | 'registry' | 'smtp';

/** The stack's Toxiproxy; throws when the stack runs without --proxy. */
export function toxiproxy(url = process.env.TOXIPROXY_URL): Toxiproxy {
  if (!url) throw new Error('TOXIPROXY_URL is not set: start the stack with --proxy (or STACK_PROXY=1)');
  return new Toxiproxy(url);
}

interface ToxicOptions {
  /** Unique per proxy; by default the type (so one of each kind at a time). */
  name?: string;
  /** `downstream` (server → client, the default) or `upstream`. */
  stream?: ToxicDirection;
  /** Share of connections affected, 0..1 (default 1). */
  toxicity?: number;
  url?: string;
}

async function add<T>(proxy: ProxyName, type: ToxicType, attributes: T, o: ToxicOptions): Promise<Toxic<T>> {
  const p = await toxiproxy(o.url).get(proxy);
  return p.addToxic<T>({
    name: o.name ?? type,
    type,
    stream: o.stream ?? 'downstream',
    toxicity: o.toxicity ?? 1,
    attributes,
  });
}

/** Delays every byte by `latencyMs` ± `jitterMs`. */
export function addLatency(proxy: ProxyName, latencyMs: number, jitterMs = 0, o: ToxicOptions = {}) {
  return add<Latency>(proxy, 'latency', { latency: latencyMs, jitter: jitterMs }, o);
}

/** A black hole: nothing passes; connections close after `timeoutMs` (0: held open until removed). */
export function addTimeout(proxy: ProxyName, timeoutMs = 0, o: ToxicOptions = {}) {
  return add<Timeout>(proxy, 'timeout', { timeout: timeoutMs }, o);
}

/** Connections reset (TCP RST) after `timeoutMs` (0: at once). */
export function addResetPeer(proxy: ProxyName, timeoutMs = 0, o: ToxicOptions = {}) {
  return add<Timeout>(proxy, 'reset_peer', { timeout: timeoutMs }, o);
}

export async function removeToxic(proxy: ProxyName, name: string, url?: string): Promise<void> {
  const p = await toxiproxy(url).get(proxy);
  await (await p.getToxic(name)).remove();
}

/** Removes every toxic of every proxy and enables every proxy again (Toxiproxy's POST /reset). */
export async function resetToxics(url?: string): Promise<void> {
  await toxiproxy(url).reset();
}
