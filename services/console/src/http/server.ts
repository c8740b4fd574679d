// The console's HTTP server (node:http; a handful of routes need no framework).
// Every answer carries a strict Content-Security-Policy (scripts and styles only
// from /static), no framing, no referrer. Requests whose Host is not the console's
// own are refused (DNS rebinding) unless it binds every interface.
// Authentication (auth.ts) comes before routing: without it a page redirects to
// /login and anything else gets 401 JSON, so not even which paths exist is told.
// Public: /login, /logout, /healthz and the two static files (no data in any).
// Write routes need an operator's name; a POST must be JSON (a form on another site
// cannot send that without CORS) and, when the browser says where it comes from,
// come from the console's own origin — with SameSite=Strict, the CSRF fences.
// Logs name the method, the path without its query string, the status and the time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ConsoleDeps } from '../deps';
import type { ConsoleRoute } from '../routes';
import { Gate } from './auth';
import { login, loginForm, logout } from './login';
import { readBody } from './body';
import { staticAssets } from './static';
import { HttpError, type ConsoleReply } from './types';

const TYPES: Record<ConsoleReply['type'], string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
};
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on
  // the console's own form posts, and the cross-site check below could not tell them apart.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};
const MAX_BODY = 64 * 1024;

/** A browser's POST from anywhere but the console's own pages (Sec-Fetch-Site or Origin says so). */
function crossSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  const host = req.headers.host ?? '';
  return origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY);
  try {
    return JSON.parse(body.toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

/**
 * Waits until the rest of a body nobody read has arrived (dropped as it comes), at most
 * DRAIN_BYTES or DRAIN_MS: answering while the client still sends makes the close that
 * follows a TCP reset, and the client loses the answer (a 401 or a 413 it should see).
 */
const DRAIN_BYTES = 2 * 1024 * 1024;
const DRAIN_MS = 3000;
function drained(req: IncomingMessage): Promise<void> {
  if (req.complete) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = (): void => {
      clearTimeout(timer);
      req.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MS);
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.resume();
  });
}

export function consoleServer(
  d: ConsoleDeps,
  routes: readonly ConsoleRoute[],
  allowedHosts: () => Set<string> | null,
  gate: Gate = new Gate(d.config.CONSOLE_TOKEN, d.logger),
): Server {
  const assets = staticAssets();
  const secure = (req: IncomingMessage): boolean =>
    d.config.CONSOLE_SECURE_COOKIE === 'true' || 'encrypted' in req.socket;
  const send = async (req: IncomingMessage, res: ServerResponse, r: ConsoleReply): Promise<void> => {
    await drained(req);
    res
      .writeHead(r.status, {
        ...SECURITY_HEADERS,
        'content-type': TYPES[r.type],
        ...(r.location ? { location: r.location } : {}),
        ...r.headers,
      })
      .end(r.body);
  };
  const error = (status: number, message: string, headers?: Record<string, string>): ConsoleReply => ({
    status,
    type: 'json',
    body: JSON.stringify({ error: message }),
    headers,
  });

  type Answer = { reply: ConsoleReply; operator?: string | null };
  const answer = async (req: IncomingMessage): Promise<Answer> => {
    const hosts = allowedHosts();
    if (hosts && !hosts.has((req.headers.host ?? '').toLowerCase())) return { reply: error(421, 'unknown host') };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://console');
    } catch {
      return { reply: error(400, 'not a request target') };
    }
    const { pathname } = url;
    const asset = req.method === 'GET' ? assets.get(pathname) : undefined;
    if (asset) return { reply: asset };
    if (pathname === '/login' || pathname === '/logout') {
      const allowed = pathname === '/login' ? ['GET', 'POST'] : ['POST'];
      if (!allowed.includes(req.method ?? '')) return { reply: error(405, 'method not allowed') };
      if (req.method === 'GET') return { reply: loginForm(url) };
      if (crossSite(req)) return { reply: error(403, 'cross-site request refused') };
      return {
        reply: await (pathname === '/login'
          ? login(req, gate, d.logger, secure(req))
          : logout(req, gate, d.logger, secure(req))),
      };
    }
    const publicRoute = routes.find((r) => r.public && r.path === pathname && r.method === req.method);
    if (publicRoute) return { reply: await publicRoute.handler({ url, body: undefined, operator: null }, d) };

    const who = gate.who(req);
    if (who.kind === 'locked')
      return {
        reply: error(429, `too many wrong tokens: try again in ${who.retryAfterS} s`, {
          'retry-after': String(who.retryAfterS),
        }),
      };
    if (who.kind === 'wrong') return { reply: error(401, 'wrong token') };
    if (who.kind === 'anonymous') {
      const page = (req.method === 'GET' || req.method === 'HEAD') && !pathname.startsWith('/api/');
      return {
        reply: page
          ? {
              status: 303,
              type: 'text',
              body: '',
              location: `/login?next=${encodeURIComponent(`${pathname}${url.search}`)}`,
            }
          : error(401, 'sign in at /login, or send Authorization: Bearer <CONSOLE_TOKEN>'),
      };
    }
    const operator = who.operator;
    const route = routes.find((r) => r.path === pathname && r.method === req.method);
    if (!route)
      return {
        reply: routes.some((r) => r.path === pathname) ? error(405, 'method not allowed') : error(404, 'no such page'),
        operator,
      };
    if (route.write) {
      if (gate.open)
        return { reply: error(403, 'read-only console: start it with CONSOLE_TOKEN to replay or reveal'), operator };
      if (!operator)
        return {
          reply: error(400, 'X-Operator: your name (1 to 64 letters, digits, spaces, ._@-), logged with what you do'),
          operator,
        };
      if (crossSite(req)) return { reply: error(403, 'cross-site request refused'), operator };
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        return { reply: error(415, 'the body must be JSON (content-type: application/json)'), operator };
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    return { reply: await route.handler({ url, body, operator }, d), operator };
  };

  return createServer((req, res) => {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    answer(req)
      .catch((err: unknown): Answer => {
        if (err instanceof HttpError)
          return { reply: error(err.status, err.message, err.status === 413 ? { connection: 'close' } : undefined) };
        d.logger.error('console.failed', {
          method: req.method,
          path,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
        return { reply: error(500, 'the console failed to answer; see its log') };
      })
      .then(async ({ reply, operator }) => {
        await send(req, res, reply);
        d.logger.debug('console.request', {
          method: req.method,
          path,
          status: reply.status,
          durationMs: Date.now() - started,
          ...(operator ? { operator } : {}),
        });
      })
      .catch(() => res.destroy());
  });
}
