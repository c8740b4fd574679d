// The console's one routing table: method and path → handler. Every route needs a
// signed-in operator or the Bearer token (http/auth.ts) unless `public` (no data in it);
// `write` routes also need the operator's name, and are refused outright on a console
// started without CONSOLE_TOKEN. /login and /logout are the HTTP layer's own (http/login.ts).
import { contractFile, contractPage } from './handlers/contract';
import { customerPage, revealApi } from './handlers/customer';
import { dlqPage, replayApi } from './handlers/dlq';
import { overviewPage } from './handlers/overview';
import { tracePage } from './handlers/trace';
import type { Handler } from './http/types';

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: Handler;
  write?: boolean;
  public?: boolean;
}

const redirect =
  (to: string): Handler =>
  async () => ({ status: 303, type: 'text', body: '', location: to });
const health: Handler = async () => ({ status: 200, type: 'json', body: '{"status":"ok"}' });

export const consoleRoutes: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/', handler: redirect('/overview') },
  { method: 'GET', path: '/overview', handler: overviewPage },
  { method: 'GET', path: '/trace', handler: tracePage },
  { method: 'GET', path: '/dlq', handler: dlqPage },
  { method: 'GET', path: '/customer', handler: customerPage },
  { method: 'GET', path: '/contract', handler: contractPage },
  { method: 'GET', path: '/contract/asyncapi.yaml', handler: contractFile },
  { method: 'GET', path: '/healthz', handler: health, public: true },
  { method: 'POST', path: '/api/dlq/replay', handler: replayApi, write: true },
  { method: 'POST', path: '/api/reveal', handler: revealApi, write: true },
];
