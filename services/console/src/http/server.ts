// The console's HTTP server (node:http; a handful of routes need no framework).
// Every answer carries a strict Content-Security-Policy (scripts and styles only
// from /static), no framing, no referrer. Requests whose Host is not the console's
// own are refused (DNS rebinding) unless it binds every interface. Write routes
// need `Authorization: Bearer <CONSOLE_TOKEN>`, compared in constant time; a header
// cannot be forged by another site's form, so no CSRF token is needed.
// Logs name the method, the path without its query string, the status and the time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ConsoleDeps } from '../deps';
import type { ConsoleRoute } from '../routes';
import { staticAssets } from './static';
import { HttpError, type ConsoleReply } from './types';

const TYPES: Record<ConsoleReply['type'], string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const MAX_BODY = 64 * 1024;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function authorized(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

export function consoleServer(
  d: ConsoleDeps,
  routes: readonly ConsoleRoute[],
  allowedHosts: () => Set<string> | null,
): Server {
  const assets = staticAssets();
  const send = (res: ServerResponse, r: ConsoleReply): void => {
    res
      .writeHead(r.status, {
        ...SECURITY_HEADERS,
        'content-type': TYPES[r.type],
        ...(r.location ? { location: r.location } : {}),
      })
      .end(r.body);
  };
  const error = (status: number, message: string): ConsoleReply => ({
    status,
    type: 'json',
    body: JSON.stringify({ error: message }),
  });

  const answer = async (req: IncomingMessage): Promise<ConsoleReply> => {
    const hosts = allowedHosts();
    if (hosts && !hosts.has((req.headers.host ?? '').toLowerCase())) return error(421, 'unknown host');
    const url = new URL(req.url ?? '/', 'http://console');
    const asset = req.method === 'GET' ? assets.get(url.pathname) : undefined;
    if (asset) return asset;
    const route = routes.find((r) => r.path === url.pathname && r.method === req.method);
    if (!route)
      return routes.some((r) => r.path === url.pathname)
        ? error(405, 'method not allowed')
        : error(404, 'no such page');
    if (route.write) {
      if (!d.config.CONSOLE_TOKEN)
        return error(403, 'read-only console: start it with CONSOLE_TOKEN to replay or reveal');
      if (!authorized(req, d.config.CONSOLE_TOKEN)) {
        d.logger.warn('console.denied', { method: req.method, path: url.pathname });
        return error(401, 'wrong or missing write token');
      }
    }
    return route.handler({ url, body: req.method === 'POST' ? await readJson(req) : undefined }, d);
  };

  return createServer((req, res) => {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    answer(req)
      .catch((err: unknown) => {
        if (err instanceof HttpError) return error(err.status, err.message);
        d.logger.error('console.failed', {
          method: req.method,
          path,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
        return error(500, 'the console failed to answer; see its log');
      })
      .then((r) => {
        send(res, r);
        d.logger.debug('console.request', {
          method: req.method,
          path,
          status: r.status,
          durationMs: Date.now() - started,
        });
      });
  });
}
