// The contract page (issue 27): the real docs/asyncapi.yaml read into the page's content
// names every operation of the routing tables with its topics and every code it can answer
// (status, messages per language), the ContactApproved event, every dead-letter topic and
// the guarantees; markup put into any description comes back escaped; GET /contract and
// GET /contract/asyncapi.yaml answer 200 (the page, the file unchanged) behind sign-in; the
// image carries the file at the default path.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { repoRoot } from '@workers/devstack';
import { ConfigError } from '@workers/runtime';
import { declaredRoutes } from '../../../scripts/contract/model';
import type { ConsoleDeps } from '../src/deps';
import { contractPage as contractContent } from '../src/domain/contract';
import { textBlocks } from '../src/domain/text-blocks';
import { contractFile, contractPage } from '../src/handlers/contract';
import { consoleServer } from '../src/http/server';
import { consoleRoutes } from '../src/routes';
import { loadContract } from '../src/store/contract';
import { contractView } from '../src/views/contract';

const FILE = join(repoRoot, 'docs', 'asyncapi.yaml');
const TOKEN = '0123456789abcdef0123456789abcdef';
const parsed = (): unknown => parse(readFileSync(FILE, 'utf8'));

const deps = (): ConsoleDeps =>
  ({
    config: {
      CONSOLE_TOKEN: TOKEN,
      CONSOLE_REFRESH_MS: 2000,
      CONSOLE_SECURE_COOKIE: 'false',
      CONSOLE_TOPIC_PREFIX: '',
    },
    contract: loadContract(FILE),
    logger: { info: () => undefined, debug: () => undefined, error: () => undefined, warn: () => undefined },
  }) as unknown as ConsoleDeps;

test('every operation of the routing tables, with its topics and every code it can answer', () => {
  const page = contractContent(parsed());
  const routes = declaredRoutes();
  const names = routes.requests.flatMap((r) => Object.keys(r.operations));
  expect(page.operations.map((o) => o.name).sort()).toEqual([...names].sort());
  for (const route of routes.requests)
    for (const [name, op] of Object.entries(route.operations)) {
      const shown = page.operations.find((o) => o.name === name);
      expect([name, shown?.requestTopic, shown?.replyTopic]).toEqual([name, route.topic, route.replyTopic]);
      expect(shown?.request.key).toBeTruthy();
      expect(shown?.request.headers.find((h) => h.name === 'correlation-id')?.required).toBe(true);
      expect(shown?.reply.headers.map((h) => h.name)).toEqual(['correlation-id', 'operation', 'message-code']);
      const codes = Object.fromEntries(
        (shown?.codes ?? []).map((c) => [
          c.code,
          [c.status, Object.fromEntries(c.messages.map((m) => [m.locale, m.text]))],
        ]),
      );
      expect([name, codes]).toEqual([
        name,
        Object.fromEntries(Object.entries(op.codes).map(([code, status]) => [code, [status, route.messages[code]]])),
      ]);
    }
});

test('channels with topic, key and headers; ContactApproved; the dead-letter topics; the guarantees', () => {
  const page = contractContent(parsed());
  const { requests, events } = declaredRoutes();
  const card = page.channels.find((c) => c.topic === 'alcs.card.requests');
  expect(card?.messages.every((m) => m.key === 'cardNumber' && m.headers.some((h) => h.name === 'reply-topic'))).toBe(
    true,
  );
  expect(page.events).toEqual([
    expect.objectContaining({
      name: 'ContactApproved',
      topic: 'crm.contact.events',
      message: expect.objectContaining({ key: 'contactId' }),
    }),
  ]);
  expect(page.deadLetters.topics.map((t) => t.topic).sort()).toEqual(
    [...requests.map((r) => r.dlqTopic), ...events.map((e) => e.dlqTopic)].sort(),
  );
  expect(page.deadLetters.message?.headers.map((h) => h.name)).toContain('dlq-origin-topic');
  expect(page.guarantees).toContainEqual({ kind: 'heading', text: 'Guarantees' });
  const list = page.guarantees.find((b) => b.kind === 'list' && b.items.some((i) => i.includes('One question')));
  expect(list).toBeDefined();
});

test('markup in any description comes back escaped', () => {
  const doc = parsed() as {
    info: { description: string };
    channels: Record<string, { description: string }>;
    operations: Record<string, { summary: string }>;
    components: { messages: Record<string, Record<string, unknown>> };
  };
  const hostile = '<script>x(1)</script> `<img src=y onerror=x(2)>` **<b onclick=x(3)>**';
  doc.info.description = hostile;
  for (const c of Object.values(doc.channels)) c.description = `| a | b |\n|---|---|\n| ${hostile} | ok |`;
  for (const o of Object.values(doc.operations)) o.summary = hostile;
  const reply = doc.components.messages.RegisterCardReply as { 'x-codes': { messages: Record<string, string> }[] };
  for (const c of reply['x-codes']) c.messages.pl_PL = hostile;
  const page = contractView(contractContent(doc), `<i>`).toString();
  expect(page).toContain('&lt;script&gt;x(1)&lt;/script&gt;');
  expect(page).toContain('<code>&lt;img src=y onerror=x(2)&gt;</code>');
  for (const raw of [/<script>x\(/, /<img src=y/, /<b onclick/, /<i>/]) expect(page).not.toMatch(raw);
});

test('retriable is shown where the contract gives it, and only there', () => {
  const doc = parsed() as { components: { messages: Record<string, { 'x-codes': Record<string, unknown>[] }> } };
  const codes = doc.components.messages.RegisterCardReply?.['x-codes'] ?? [];
  for (const c of codes) c.retriable = c.code === 'UnknownError';
  const page = contractContent(doc);
  const register = page.operations.find((o) => o.name === 'RegisterCard');
  expect(register?.codes.map((c) => [c.code, c.retriable])).toContainEqual(['UnknownError', true]);
  expect(page.operations.find((o) => o.name === 'LockCard')?.codes.every((c) => c.retriable === null)).toBe(true);
  const html = contractView(page, '').toString();
  expect(html.match(/<th>retriable<\/th>/g)).toHaveLength(1);
});

test('the Markdown subset: headings, paragraphs, lists with continued items, tables', () => {
  expect(textBlocks('Intro\nmore.\n\n## H\n- one\n  two\n- three\n\n| a | b |\n|---|---|\n| 1 | 2 |')).toEqual([
    { kind: 'paragraph', text: 'Intro more.' },
    { kind: 'heading', text: 'H' },
    { kind: 'list', items: ['one two', 'three'] },
    { kind: 'table', head: ['a', 'b'], rows: [['1', '2']] },
  ]);
});

test('a file that is missing or not AsyncAPI 3 stops the start, naming CONSOLE_CONTRACT_FILE', () => {
  const bad = join(tmpdir(), `console-contract-${process.pid}.yaml`);
  writeFileSync(bad, 'asyncapi: 2.6.0\ninfo: {title: x, version: "1"}\nchannels: {}\n');
  for (const file of [join(tmpdir(), 'no-such-contract.yaml'), bad]) {
    expect(() => loadContract(file)).toThrow(ConfigError);
    expect(() => loadContract(file)).toThrow(/CONSOLE_CONTRACT_FILE/);
  }
});

test('the handlers: the page (nav marked, file linked) and the file unchanged', async () => {
  const d = deps();
  const req = { url: new URL('http://console/contract'), body: undefined, operator: 'Hanako' };
  const page = await contractPage(req, d);
  expect([page.status, page.type]).toEqual([200, 'html']);
  expect(page.body).toContain('<a href="/contract" aria-current="page">Contract</a>');
  expect(page.body).toContain('<a href="/contract/asyncapi.yaml">');
  expect(page.body).toContain('data-operation="UpdateAccountContact"');
  const file = await contractFile(req, d);
  expect([file.status, file.type, file.body]).toEqual([200, 'yaml', readFileSync(FILE, 'utf8')]);
});

test('both need signing in; the file is served as application/yaml', async () => {
  let port = 0;
  const server = consoleServer(deps(), consoleRoutes, () => new Set([`127.0.0.1:${port}`]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  try {
    for (const path of ['/contract', '/contract/asyncapi.yaml']) {
      const anonymous = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect([anonymous.status, anonymous.headers.get('location')]).toEqual([
        303,
        `/login?next=${encodeURIComponent(path)}`,
      ]);
    }
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const page = await fetch(`${url}/contract`, { headers: bearer });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const file = await fetch(`${url}/contract/asyncapi.yaml`, { headers: bearer });
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'application/yaml; charset=utf-8']);
    expect(await file.text()).toBe(readFileSync(FILE, 'utf8'));
  } finally {
    server.close();
  }
});

test('the image carries the contract where the default looks for it (/app/docs/asyncapi.yaml)', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  expect(runtime).toMatch(/^WORKDIR \/app$/m);
  expect(runtime).toMatch(/^COPY docs\/asyncapi\.yaml \.\/docs\/asyncapi\.yaml$/m);
});
