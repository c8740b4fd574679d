// The workers the console watches and the declared topics each one's consumer group
// reads (SPEC section 1): group lag is computed over these. Names as `npm start`
// and docker compose use them.

export const WORKER_TOPICS = {
  'card-worker': ['alcs.card.requests'],
  'contact-worker': ['crm.contact.requests', 'crm.account.requests'],
  'mail-worker': ['crm.contact.events'],
} as const satisfies Record<string, readonly string[]>;

export type WorkerName = keyof typeof WORKER_TOPICS;
export const WORKER_NAMES = Object.keys(WORKER_TOPICS) as WorkerName[];

export function isWorkerName(name: string): name is WorkerName {
  return (WORKER_NAMES as string[]).includes(name);
}

/** Where `npm start` serves each worker's /metrics and /readyz (METRICS_PORT 9464 + i). */
export const DEFAULT_WORKER_URLS = WORKER_NAMES.map((n, i) => `${n}=http://127.0.0.1:${9464 + i}`).join(',');
