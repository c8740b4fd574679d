// Process lifecycle for a worker's main.ts: run the numbered start steps, register
// what each opened, and on SIGTERM/SIGINT close it all in reverse order, then exit 0.
// A start failure (bad config, bad routes, unreachable servers) exits 1 with the
// reason on stderr; a shutdown that overruns its bound exits 1.
import { ConfigError } from './config';
import { setHeapGrowth } from './heap-growth';
import { RouteError } from './route-check';

export type Closer = () => Promise<void> | void;

export interface Lifecycle {
  /** Registers something to close at shutdown; closed last-opened first. */
  closes(what: string, fn: Closer): void;
  /** Something stopped for good while running (say, the Kafka consumer): close all and exit 1. */
  fail(what: string, err: Error): void;
}

export function runMain(service: string, start: (life: Lifecycle) => Promise<void>, boundMs = 30_000): void {
  setHeapGrowth();
  const closers: { what: string; fn: Closer }[] = [];
  let closing = false;
  const shutdown = async (code: number): Promise<void> => {
    if (closing) return;
    closing = true;
    const timer = setTimeout(() => {
      process.stderr.write(`${service}: shutdown exceeded ${boundMs} ms\n`);
      process.exit(1);
    }, boundMs);
    timer.unref();
    for (const c of closers.reverse()) {
      try {
        await c.fn();
      } catch (err) {
        process.stderr.write(`${service}: closing ${c.what} failed: ${String(err)}\n`);
      }
    }
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  const fail = (what: string, err: Error): void => {
    process.stderr.write(`${service}: ${what} failed for good: ${err.message}\n`);
    void shutdown(1);
  };
  start({ closes: (what, fn) => closers.push({ what, fn }), fail }).catch((err: unknown) => {
    const msg =
      err instanceof ConfigError || err instanceof RouteError
        ? err.message
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
    process.stderr.write(`${service}: cannot start: ${msg}\n`);
    void shutdown(1);
  });
}
