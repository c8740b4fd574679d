// The workers the console watches, as the topic declaration (services/contracts)
// names them, and where `npm start` serves each one's /metrics and /readyz.
import { WORKERS, type WorkerName } from '@workers/contracts';

export type { WorkerName };
export const WORKER_NAMES: readonly WorkerName[] = WORKERS;

export function isWorkerName(name: string): name is WorkerName {
  return (WORKER_NAMES as readonly string[]).includes(name);
}

/** Where `npm start` serves each worker's /metrics and /readyz (METRICS_PORT 9464 + i). */
export const DEFAULT_WORKER_URLS = WORKER_NAMES.map((n, i) => `${n}=http://127.0.0.1:${9464 + i}`).join(',');
