// Each worker's health as its metrics port tells it: /readyz (200 ready, 503 not)
// and /metrics (Prometheus text). A worker that does not answer within the timeout
// is "unreachable", with the reason; the overview never waits longer than that.
import type { WorkerEndpoint } from '../config';
import { parsePrometheus } from '../domain/prometheus';
import { summarize, type WorkerSummary } from '../domain/worker-summary';

const TIMEOUT_MS = 1500;

async function get(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
}

function reason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS} ms`;
  return e.cause?.code ?? (err instanceof Error ? err.message : String(err));
}

export async function scrapeWorker(w: WorkerEndpoint): Promise<WorkerSummary> {
  try {
    const [ready, metrics] = await Promise.all([get(`${w.url}/readyz`), get(`${w.url}/metrics`)]);
    await ready.body?.cancel();
    const samples = metrics.ok ? parsePrometheus(await metrics.text()) : [];
    return { name: w.name, url: w.url, readiness: ready.ok ? 'ready' : 'not ready', metrics: summarize(samples) };
  } catch (err) {
    return { name: w.name, url: w.url, readiness: 'unreachable', error: reason(err), metrics: [] };
  }
}
