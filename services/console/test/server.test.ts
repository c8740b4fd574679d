// The HTTP layer without servers behind it: security headers on every answer, other
// hosts refused, write routes refused without the token (403 read-only, 401 wrong),
// and text from messages always escaped in pages.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleDeps } from '../src/deps';
import { consoleServer } from '../src/http/server';
import type { ConsoleLogger } from '../src/logger';
import { consoleRoutes } from '../src/routes';
import { html } from '../src/views/html';

function serve(token?: string) {
  const events: string[] = [];
  const logger = {
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    warn: (e: string) => void events.push(e),
  } as unknown as ConsoleLogger;
  const deps = { config: { CONSOLE_TOKEN: token, CONSOLE_REFRESH_MS: 2000 }, logger } as unknown as ConsoleDeps;
  let port = 0;
  const server = consoleServer(deps, consoleRoutes, () => new Set([`127.0.0.1:${port}`]));
  return new Promise<{ url: string; events: string[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}`, events, close: () => server.close() });
    }),
  );
}

test('headers, host check, method and path errors', async () => {
  const s = await serve();
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

test('write routes: 403 on a read-only console, 401 without the right token (logged)', async () => {
  const body = JSON.stringify({ accountId: 'AC-1', field: 'email' });
  const readOnly = await serve();
  const writable = await serve('0123456789abcdef0123');
  try {
    const r = await fetch(`${readOnly.url}/api/reveal`, { method: 'POST', body });
    expect({ status: r.status, body: await r.json() }).toEqual({
      status: 403,
      body: { error: expect.stringMatching(/read-only console/) },
    });
    for (const auth of [undefined, 'Bearer wrong', 'Basic 0123456789abcdef0123']) {
      const w = await fetch(`${writable.url}/api/reveal`, {
        method: 'POST',
        body,
        headers: auth ? { authorization: auth } : {},
      });
      expect(w.status).toBe(401);
    }
    expect(writable.events).toEqual(['console.denied', 'console.denied', 'console.denied']);
  } finally {
    readOnly.close();
    writable.close();
  }
});

test('interpolated text is escaped; built fragments are not', () => {
  const key = '<img src=x onerror=alert(1)>"\'&';
  expect(html`<td title="${key}">${key}</td>${html`<b>ok</b>`}`.text).toBe(
    '<td title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</td><b>ok</b>',
  );
});
