// GET /login (the form), POST /login (token and name: a session cookie and a redirect
// to the page asked for), POST /logout. `next` is kept only when it is one of the
// console's own pages, so the sign-in cannot redirect anywhere else.
import type { IncomingMessage } from 'node:http';
import type { ConsoleLogger } from '../logger';
import { PAGES } from '../views/layout';
import { loginView } from '../views/login';
import { clientOf, type Gate, operatorName } from './auth';
import { clearedCookie, sessionCookie, sessionIdOf } from './sessions';
import { readBody } from './body';
import type { ConsoleReply } from './types';

const MAX_FORM = 4096;

/** `/trace?q=…` when the path is one of the pages, else `/overview`. */
export function safeNext(raw: string | null): string {
  if (!raw) return '/overview';
  let u: URL;
  try {
    u = new URL(raw, 'http://console');
  } catch {
    return '/overview';
  }
  const own = u.origin === 'http://console' && PAGES.some((p) => p.path === u.pathname);
  return own && raw.startsWith('/') && !raw.startsWith('//') ? `${u.pathname}${u.search}` : '/overview';
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, MAX_FORM)).toString('utf8'));
}

const page = (status: number, next: string, operator: string, error: string | null): ConsoleReply => ({
  status,
  type: 'html',
  body: loginView({ next, operator, error }).text,
});

export function loginForm(url: URL): ConsoleReply {
  return page(200, safeNext(url.searchParams.get('next')), '', null);
}

export async function login(
  req: IncomingMessage,
  gate: Gate,
  logger: ConsoleLogger,
  secure: boolean,
): Promise<ConsoleReply> {
  const form = await readForm(req);
  const next = safeNext(form.get('next'));
  const typed = (form.get('operator') ?? '').slice(0, 64);
  const operator = operatorName(typed);
  if (gate.open) return { status: 303, type: 'text', body: '', location: next };
  if (!operator)
    return page(
      400,
      next,
      '',
      'Your name: 1 to 64 letters, digits, spaces or . _ @ - (it is logged with what you do).',
    );
  const r = gate.check(clientOf(req), form.get('token') ?? '');
  if (r === 'wrong') return page(401, next, operator, 'Wrong token.');
  if (r !== 'ok')
    return {
      ...page(429, next, operator, `Too many wrong tokens: try again in ${r.retryAfterS} s.`),
      headers: { 'retry-after': String(r.retryAfterS) },
    };
  const id = gate.sessions.create(operator);
  logger.info('console.signed_in', { operator, client: clientOf(req) });
  return { status: 303, type: 'text', body: '', location: next, headers: { 'set-cookie': sessionCookie(id, secure) } };
}

export function logout(req: IncomingMessage, gate: Gate, logger: ConsoleLogger, secure: boolean): ConsoleReply {
  const id = sessionIdOf(req.headers.cookie);
  const operator = id ? gate.sessions.operator(id) : null;
  if (id) gate.sessions.end(id);
  if (operator) logger.info('console.signed_out', { operator });
  return { status: 303, type: 'text', body: '', location: '/login', headers: { 'set-cookie': clearedCookie(secure) } };
}
