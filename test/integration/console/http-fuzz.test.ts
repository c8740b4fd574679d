// Guarantee: the console's HTTP surface holds under generated requests (paths: every route, unknown ones, traversal attempts, encoded paths; methods; oversized headers and bodies; tokens: none, wrong, short, right, a wrong cookie, the right one): no answer is a 500, nothing but /login, /logout, /healthz and the static files answers without authentication except a redirect to /login, a 401 or a 429, and markup put into the topics (keys, ids, headers, message texts) or into the request never comes back unescaped in a page.
// fast-check generates the requests (a bounded number, a few seconds) and shrinks a failing one to the smallest that fails.
import { request } from 'node:http';
import fc from 'fast-check';
import { CONSOLE_LOG_EVENTS } from '@workers/console';
import { fromJson, loadOpsConfig, valueCodec } from '@workers/ops';
import { DLQ_HEADERS } from '@workers/runtime';
import { ConsoleScenario } from '../../support/console-fixture';
import { kafkaClient } from '../../support/kafka-client';

const RUNS = 400;
/** Markup that must never come back as markup. */
const SCRIPT = '<script>fz(1)</script>';
const IMG = '"><img src=x onerror=fz(2)>';
const RAW = [/<script>fz\(/i, /<img src=x onerror=fz\(/i];
const REQUEST_ID = `fuzz-${SCRIPT}`;
const PUBLIC = new Set(['/login', '/logout', '/healthz', '/static/console.js', '/static/console.css']);
/** Right tokens come from 127.0.0.1, wrong ones from 127.0.0.2: the lockout of one does not stop the other. */
const RIGHT_FROM = '127.0.0.1';
const WRONG_FROM = '127.0.0.2';

let s: ConsoleScenario;
let port = 0;
let session = '';
beforeAll(async () => {
  s = await ConsoleScenario.open('console-fuzz');
  await seedHostileMessages();
  await s.startConsole();
  port = Number(new URL(s.url).port);
  session = await signIn();
  // Wait for the index to hold the seeded messages: the pages below then show them (escaped).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await s.api(`/trace?q=${encodeURIComponent(REQUEST_ID)}`);
    // The request's row in the timeline: indexed (whether it shows escaped is for the property below to judge).
    if ((await r.text()).includes('<tr data-role="request">')) break;
    if (Date.now() > deadline) throw new Error('the console never indexed the seeded request');
    await new Promise((r) => setTimeout(r, 300));
  }
});
afterAll(async () => {
  await s?.close();
});

async function seedHostileMessages(): Promise<void> {
  const codec = valueCodec(loadOpsConfig(['registry'], process.env));
  const { id, type } = await codec.latest(`${s.topic('crm.contact.requests')}-value`);
  const value = await codec.encode(
    id,
    fromJson(type, {
      requestId: REQUEST_ID,
      sentAt: Date.now(),
      source: 'CRM',
      operation: {
        CreateContact: {
          contactId: `K-${IMG}`,
          audience: 'PERSON',
          personalId: `P-${SCRIPT}`,
          accountId: `AC-${IMG}`,
          kind: 'ACTION_REQUEST',
          actionRequestType: 'DOCUMENT_SUBMISSION',
          title: SCRIPT,
          body: IMG,
          publishAt: new Date().toISOString(),
          sender: { name: SCRIPT, type: 'SYSTEM' },
          createdBy: `operator-${SCRIPT}`,
        },
      },
    }),
  );
  const producer = kafkaClient().producer();
  await producer.connect();
  await producer.send({
    topic: s.topic('crm.contact.requests'),
    messages: [{ key: `K-${IMG}`, value, headers: { 'correlation-id': `c-${IMG}` } }],
  });
  await producer.send({
    topic: s.topic('crm.contact.requests.dlq'),
    messages: [
      {
        key: SCRIPT,
        value: Buffer.from(`not avro ${SCRIPT}`),
        partition: 0,
        headers: {
          [DLQ_HEADERS.error]: `cannot decode: ${SCRIPT}${IMG}`,
          [DLQ_HEADERS.originTopic]: s.topic('crm.contact.requests'),
          [DLQ_HEADERS.originPartition]: '0',
          [DLQ_HEADERS.originOffset]: IMG,
          [DLQ_HEADERS.failedAt]: SCRIPT,
        },
      },
    ],
  });
  await producer.disconnect();
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(o: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  from: string;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: o.method,
        path: o.path,
        // node:http frames a body of OPTIONS or DELETE only when told its length.
        headers: o.body ? { ...o.headers, 'content-length': String(o.body.length) } : o.headers,
        localAddress: o.from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer in 15 s: ${o.method} ${o.path}`)));
    req.on('error', reject);
    req.end(o.body);
  });
}

async function signIn(): Promise<string> {
  const r = await send({
    method: 'POST',
    path: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(new URLSearchParams({ operator: 'Fuzz', token: s.token }).toString()),
    from: RIGHT_FROM,
  });
  const cookie = String(r.headers['set-cookie'] ?? '');
  if (r.status !== 303 || !cookie) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
  return cookie.split(';')[0] ?? '';
}

// ——— what is generated ———

const ROUTES = [
  '/',
  '/overview',
  '/trace',
  '/dlq',
  '/customer',
  '/contract',
  '/contract/asyncapi.yaml',
  '/healthz',
  '/login',
  '/logout',
];
const APIS = ['/api/dlq/replay', '/api/reveal'];
const STATIC = ['/static/console.js', '/static/console.css'];
const TRICKY = [
  '/static/../../../../etc/passwd',
  '/static/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/package.json',
  '//evil.example/overview',
  '/overview/',
  '/OVERVIEW',
  '/%6fverview',
  '/overview%00',
  '/api/../overview',
  '/static//console.js',
  '/static/console.js/..',
  '/\\evil.example',
  '/%',
  '/%zz',
  '/login/../overview',
  '*',
];
const hostile = fc.constantFrom(
  SCRIPT,
  IMG,
  REQUEST_ID,
  `K-${IMG}`,
  `c-${IMG}`,
  '',
  "'",
  '%00',
  '\u202e',
  'a'.repeat(300),
);
const text = fc.oneof(hostile, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('q', 'fragment', 'account', 'personal', 'same-person', 'next', 'x'),
      fc.oneof(text, fc.constantFrom('crm.contact.requests.dlq:0:0', '/trace?q=x', '//evil.example')),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));

// node:http refuses paths with characters outside U+0021-U+00FF: anything else goes percent-encoded.
const path = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...ROUTES, ...APIS, ...STATIC) },
      { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
      { weight: 2, arbitrary: fc.webPath() },
      { weight: 1, arbitrary: text.map((t) => `/${encodeURI(t)}`) },
    ),
    query,
  )
  .map(([p, q]) => (p === '*' ? p : `${p.startsWith('/') ? p : `/${p}`}${q}`));

const auth = fc.constantFrom('none', 'right', 'wrong', 'short', 'basic', 'cookie', 'wrong-cookie', 'junk-cookie');
type Auth = 'none' | 'right' | 'wrong' | 'short' | 'basic' | 'cookie' | 'wrong-cookie' | 'junk-cookie';

const jsonBody = fc.oneof(
  fc.record({
    topic: fc.oneof(text, fc.constant('')),
    entries: fc.array(fc.oneof(text, fc.constantFrom('0:0', '1:0', '0:99', '99:0')), { maxLength: 3 }),
  }),
  fc.record({ accountId: text, field: fc.oneof(text, fc.constantFrom('email', 'phone', 'personalId')) }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** A body as text, or as the size of an oversized one (made when sent, so a failure report stays short). */
const body = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: jsonBody.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom(64 * 1024 + 1, 1024 * 1024).map((bytes) => ({ bytes })) },
);
const bytesOf = (b: string | { bytes: number } | undefined): Buffer | undefined =>
  b === undefined ? undefined : typeof b === 'string' ? Buffer.from(b) : Buffer.alloc(b.bytes, 0x61);

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
  path,
  auth,
  body,
  contentType: fc.constantFrom(undefined, 'application/json', 'application/x-www-form-urlencoded', 'text/plain'),
  operator: fc.option(fc.oneof(fc.constantFrom('Fuzz', SCRIPT), fc.string({ maxLength: 80 })), { nil: undefined }),
  origin: fc.option(fc.constantFrom('http://evil.example', 'null'), { nil: undefined }),
  bigHeader: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(20 * 1024) }),
});

/** The path as the console reads it; null when it is no URL at all (the console answers 400). */
function pathOf(target: string): string | null {
  try {
    return new URL(target, 'http://console').pathname;
  } catch {
    return null;
  }
}

function headersFor(a: Auth): Record<string, string> {
  switch (a) {
    case 'right':
      return { authorization: `Bearer ${s.token}` };
    case 'wrong':
      return { authorization: `Bearer ${'f'.repeat(64)}` };
    case 'short':
      return { authorization: `Bearer ${s.token.slice(0, 31)}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`x:${s.token}`).toString('base64')}` };
    case 'cookie':
      return { cookie: session };
    case 'wrong-cookie':
      return { cookie: `console_session=${'A'.repeat(43)}` };
    case 'junk-cookie':
      return { cookie: `console_session=${s.token}; other=1` };
    default:
      return {};
  }
}

test('the pages that show the seeded messages show their markup escaped', async () => {
  for (const path of [
    `/trace?q=${encodeURIComponent(REQUEST_ID)}`,
    `/trace?q=${encodeURIComponent(`K-${IMG}`)}`,
    `/trace?q=${encodeURIComponent(`c-${IMG}`)}`,
    `/trace?q=${encodeURIComponent(s.topic('crm.contact.requests.dlq'))}%3A0%3A0`,
    '/dlq',
    `/customer?account=${encodeURIComponent(IMG)}`,
    `/customer?personal=${encodeURIComponent(SCRIPT)}`,
  ]) {
    const page = await (await s.api(path)).text();
    expect(page).toContain('fz(');
    for (const raw of RAW) expect(page).not.toMatch(raw);
  }
});

test('the contract page and the file it links answer once signed in', async () => {
  const page = await s.api('/contract');
  expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  const text = await page.text();
  expect(text).toContain('<a href="/contract/asyncapi.yaml">');
  expect(text).toContain('data-operation="CreateContact"');
  const file = await s.api('/contract/asyncapi.yaml');
  expect([file.status, file.headers.get('content-type')]).toEqual([200, 'application/yaml; charset=utf-8']);
  expect(await file.text()).toMatch(/^asyncapi: 3\.0\.0$/m);
});

test(`${RUNS} generated requests: no 500, nothing without authentication, nothing unescaped`, async () => {
  const started = Date.now();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requestArb, async (g) => {
      const pathname = pathOf(g.path);
      const authed = g.auth === 'right' || g.auth === 'cookie';
      const signingIn = pathname === '/login' && g.method === 'POST';
      const headers: Record<string, string> = { ...headersFor(g.auth as Auth) };
      if (g.contentType) headers['content-type'] = g.contentType;
      // Only header-safe characters: node:http refuses the others before sending.
      if (g.operator !== undefined) headers['x-operator'] = g.operator.replace(/[^\x20-\x7e]/g, '?');
      if (g.origin) headers.origin = g.origin;
      if (g.bigHeader) headers['x-padding'] = 'p'.repeat(g.bigHeader);
      const sentBody = g.method === 'GET' || g.method === 'HEAD' ? undefined : bytesOf(g.body);
      const oversized = g.bigHeader > 0 || (sentBody?.length ?? 0) > 64 * 1024;
      const a = await send({
        method: g.method,
        path: g.path,
        headers,
        body: sentBody,
        from: authed && !signingIn ? RIGHT_FROM : WRONG_FROM,
      }).catch((err: NodeJS.ErrnoException) => {
        // node:http answers an oversized request (431, 413) and closes the connection; a client
        // still writing its body may see the close (a reset) before the answer. That is a refusal
        // too: nothing was shown or changed. Anything else, or a reset of an ordinary request, fails.
        if (oversized && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return null;
        throw err;
      });
      if (a === null) {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
        return;
      }
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status >= 500) throw new Error(`${a.status} for ${g.method} ${g.path}: ${a.body.slice(0, 300)}`);
      if (String(a.headers['content-type'] ?? '').startsWith('text/html'))
        for (const raw of RAW) if (raw.test(a.body)) throw new Error(`unescaped ${raw} in ${g.method} ${g.path}`);
      const location = a.headers.location === undefined ? undefined : String(a.headers.location);
      if (location && !(location.startsWith('/') && !location.startsWith('//')))
        throw new Error(`redirect off the console: ${location}`);
      if (!PUBLIC.has(pathname ?? '') && !authed && a.status !== 400 && a.status !== 431) {
        const toLogin = a.status === 303 && String(location).startsWith('/login?next=');
        const onlyError = (): boolean =>
          g.method === 'HEAD' ? a.body === '' : Object.keys(JSON.parse(a.body)).join() === 'error';
        const refused = (a.status === 401 || a.status === 429) && onlyError();
        if (!toLogin && !refused)
          throw new Error(
            `answered ${a.status} without authentication: ${g.method} ${g.path}: ${a.body.slice(0, 200)}`,
          );
      }
      if (!PUBLIC.has(pathname ?? '') && authed && [401, 429].includes(a.status))
        throw new Error(`refused with the right ${g.auth}: ${a.status} ${g.method} ${g.path}: ${a.body}`);
      if (pathname === '/logout' && g.method === 'POST' && g.auth === 'cookie') session = await signIn();
    }),
    { numRuns: RUNS, endOnFailure: false },
  );
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `console fuzz: ${RUNS} requests in ${seconds.toFixed(1)} s, statuses ${JSON.stringify([...statuses].sort())}\n`,
  );
  // The run did reach past the sign-in: pages, refusals and the lockout all answered.
  expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 303, 401, 429]));
  expect(seconds).toBeLessThan(60);

  const logs = s.consoleLogs();
  expect(logs.filter((l) => l.event === 'console.failed')).toEqual([]);
  expect(
    [...new Set(logs.map((l) => l.event))].filter((e) => !(CONSOLE_LOG_EVENTS as readonly unknown[]).includes(e)),
  ).toEqual([]);
  expect(s.consoleLines.filter((l) => l.includes(s.token))).toEqual([]);
});
