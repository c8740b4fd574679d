// The HTTP layer without servers behind it: security headers on every answer, other
// hosts refused; with CONSOLE_TOKEN every route but /login, /logout, /healthz and the
// static files needs the Bearer token or a session cookie (pages redirect to /login,
// the rest get 401); sign-in sets an HttpOnly SameSite=Strict cookie that is not the
// token; wrong tokens lock the client out (429, Retry-After); writes need an operator
// name, JSON and the console's own origin; and text from messages is always escaped.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleDeps } from '../src/deps';
import { FREE_FAILURES } from '../src/domain/lockout';
import { consoleServer } from '../src/http/server';
import { jsonReply } from '../src/http/types';
import type { ConsoleLogger } from '../src/logger';
import { type ConsoleRoute, consoleRoutes } from '../src/routes';
import { html } from '../src/views/html';

const TOKEN = '0123456789abcdef0123456789abcdef';
const echo: ConsoleRoute['handler'] = async (req) => jsonReply({ operator: req.operator, body: req.body ?? null });
const ROUTES: ConsoleRoute[] = [
  ...consoleRoutes.filter((r) => r.public),
  { method: 'GET', path: '/overview', handler: echo },
  { method: 'POST', path: '/api/write', handler: echo, write: true },
];

function serve(token?: string, routes: readonly ConsoleRoute[] = ROUTES) {
  const events: { event: string; fields: unknown }[] = [];
  const log = (event: string, fields: unknown) => void events.push({ event, fields });
  const logger = { info: log, debug: () => undefined, error: log, warn: log } as unknown as ConsoleLogger;
  const deps = {
    config: { CONSOLE_TOKEN: token, CONSOLE_REFRESH_MS: 2000, CONSOLE_SECURE_COOKIE: 'false' },
    logger,
  } as unknown as ConsoleDeps;
  let port = 0;
  const server = consoleServer(deps, routes, () => new Set([`127.0.0.1:${port}`]));
  return new Promise<{ url: string; events: typeof events; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}`, events, close: () => server.close() });
    }),
  );
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

test('headers, host check, method and path errors', async () => {
  const s = await serve(undefined, consoleRoutes);
  try {
    const ok = await fetch(`${s.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('x-frame-options')).toBe('DENY');
    // fetch cannot set Host (a forbidden header); a DNS-rebinding page's requests carry the attacker's name.
    const rebound = await new Promise<number | undefined>((resolve) =>
      request(`${s.url}/healthz`, { headers: { host: 'evil.example' } }, (res) =>
        resolve(res.resume().statusCode),
      ).end(),
    );
    expect(rebound).toBe(421);
    expect((await fetch(`${s.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/reveal`)).status).toBe(405);
  } finally {
    s.close();
  }
});

test('with a token: pages redirect to /login, APIs get 401, wrong Bearer tokens are refused and logged', async () => {
  const s = await serve(TOKEN);
  try {
    const page = await fetch(`${s.url}/overview?x=1`, { redirect: 'manual' });
    expect({ status: page.status, location: page.headers.get('location') }).toEqual({
      status: 303,
      location: '/login?next=%2Foverview%3Fx%3D1',
    });
    // Not even which paths exist is told before signing in.
    expect((await fetch(`${s.url}/no-such-page`, { redirect: 'manual' })).status).toBe(303);
    const api = await fetch(`${s.url}/api/write`, { method: 'POST', body: '{}' });
    expect({ status: api.status, body: await api.json() }).toEqual({
      status: 401,
      body: { error: expect.stringMatching(/sign in at \/login/) },
    });
    for (const auth of ['Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`])
      expect((await fetch(`${s.url}/overview`, { headers: { authorization: auth } })).status).toBe(401);
    expect(s.events.filter((e) => e.event === 'console.denied')).toHaveLength(4);
    const ok = await fetch(`${s.url}/overview`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect({ status: ok.status, body: await ok.json() }).toEqual({ status: 200, body: { operator: null, body: null } });
    expect((await fetch(`${s.url}/static/console.css`)).status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  } finally {
    s.close();
  }
});

test('sign in: a session cookie (HttpOnly, SameSite=Strict, not the token) with the name; sign out ends it', async () => {
  const s = await serve(TOKEN);
  try {
    const formPage = await fetch(`${s.url}/login?next=%2Ftrace%3Fq%3Dr-1`);
    expect(await formPage.text()).toContain('name="next" value="/trace?q=r-1"');
    const wrong = await fetch(`${s.url}/login`, form({ operator: 'Hanako', token: 'nope', next: '/trace' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong token.');
    expect((await fetch(`${s.url}/login`, form({ operator: '<b>x</b>', token: TOKEN }))).status).toBe(400);

    const ok = await fetch(`${s.url}/login`, form({ operator: 'Hanako Ops', token: TOKEN, next: '/trace?q=r-1' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/trace?q=r-1');
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^console_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const page = await fetch(`${s.url}/overview`, { headers: { cookie: session } });
    expect(await page.json()).toEqual({ operator: 'Hanako Ops', body: null });
    expect(s.events.filter((e) => e.event === 'console.signed_in')).toEqual([
      { event: 'console.signed_in', fields: { operator: 'Hanako Ops', client: '127.0.0.1' } },
    ]);
    // Another site's sign-out (or sign-in) is refused; the console's own ends the session.
    expect(
      (await fetch(`${s.url}/logout`, { method: 'POST', headers: { cookie: session, origin: 'http://evil.example' } }))
        .status,
    ).toBe(403);
    const out = await fetch(`${s.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: session } });
    expect(out.headers.get('set-cookie')).toMatch(/^console_session=; .*Max-Age=0/);
    expect((await fetch(`${s.url}/overview`, { redirect: 'manual', headers: { cookie: session } })).status).toBe(303);
    // Only the console's own pages are a place to go after signing in.
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/api/write', '/login'])
      expect(
        (await fetch(`${s.url}/login`, form({ operator: 'Hanako', token: TOKEN, next }))).headers.get('location'),
      ).toBe('/overview');
  } finally {
    s.close();
  }
});

test(`after ${FREE_FAILURES} wrong tokens a client waits (429, Retry-After), even with the right one`, async () => {
  const s = await serve(TOKEN);
  try {
    for (let i = 0; i < FREE_FAILURES; i++)
      expect((await fetch(`${s.url}/login`, form({ operator: 'x', token: `guess-${i}` }))).status).toBe(401);
    expect((await fetch(`${s.url}/overview`, { headers: { authorization: 'Bearer guess' } })).status).toBe(401);
    const locked = await fetch(`${s.url}/login`, form({ operator: 'x', token: TOKEN }));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const api = await fetch(`${s.url}/overview`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(`${s.url}/overview`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  } finally {
    s.close();
  }
});

test('writes: the operator named (X-Operator with Bearer), JSON only, own origin; refused without a token', async () => {
  const s = await serve(TOKEN);
  const open = await serve(undefined);
  const bearer = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  try {
    const write = (url: string, headers: Record<string, string>) =>
      fetch(`${url}/api/write`, { method: 'POST', headers, body: '{"a":1}' });
    expect((await write(s.url, bearer)).status).toBe(400);
    const named = await write(s.url, { ...bearer, 'x-operator': 'Taro' });
    expect(await named.json()).toEqual({ operator: 'Taro', body: { a: 1 } });
    expect((await write(s.url, { ...bearer, 'x-operator': 'Taro', 'content-type': 'text/plain' })).status).toBe(415);
    expect((await write(s.url, { ...bearer, 'x-operator': 'Taro', origin: 'http://evil.example' })).status).toBe(403);
    expect((await write(s.url, { ...bearer, 'x-operator': 'Taro', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await write(s.url, { ...bearer, 'x-operator': 'Taro', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await write(s.url, { ...bearer, 'x-operator': 'Taro<script>' })).status).toBe(400);
    const r = await write(open.url, { 'content-type': 'application/json' });
    expect({ status: r.status, body: await r.json() }).toEqual({
      status: 403,
      body: { error: expect.stringMatching(/read-only console/) },
    });
    expect((await fetch(`${open.url}/overview`)).status).toBe(200);
  } finally {
    s.close();
    open.close();
  }
});

test('an oversized body is answered (413, or 401 before signing in), not reset', async () => {
  const s = await serve(TOKEN);
  try {
    // node:http, which (unlike fetch) loses an answer to a reset while it still sends.
    const post = (path: string, headers: Record<string, string> = {}, method = 'POST') =>
      new Promise<number | undefined>((resolve, reject) => {
        const body = Buffer.alloc(1024 * 1024, 0x61);
        const req = request(
          `${s.url}${path}`,
          { method, headers: { ...headers, 'content-length': String(body.length) } },
          (res) => resolve(res.resume().statusCode),
        );
        req.on('error', reject);
        req.end(body);
      });
    const headers = { authorization: `Bearer ${TOKEN}`, 'x-operator': 'Taro', 'content-type': 'application/json' };
    for (let i = 0; i < 5; i++) {
      expect(await post('/api/write', headers)).toBe(413);
      expect(await post('/api/write')).toBe(401);
      expect(await post('/overview')).toBe(401);
      expect(await post('/login')).toBe(413);
      expect(await post('/', { 'content-type': 'application/x-www-form-urlencoded' }, 'OPTIONS')).toBe(401);
    }
  } finally {
    s.close();
  }
});

test('interpolated text is escaped; built fragments are not', () => {
  const key = '<img src=x onerror=alert(1)>"\'&';
  expect(html`<td title="${key}">${key}</td>${html`<b>ok</b>`}`.text).toBe(
    '<td title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</td><b>ok</b>',
  );
});
