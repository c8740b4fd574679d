// A registry that refuses us (401, 403, 400, 422, a 404 that is not Confluent's "no such
// subject/schema") is a configuration fault: the codec throws DependencyRefusedError,
// neither MalformedError (which would answer or dead-letter the message) nor a plain
// TransientError (SPEC §2). Only "no such schema" is malformed; 5xx, 429 and no answer
// are transient. Messages never carry the registry credentials.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MalformedError, registryCodec } from '../src/codec';
import { DependencyRefusedError, isRefusal, TransientError } from '../src/transient';

const SUBJECT = 't.requests-value';
const SCHEMA = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] });
const PASSWORD = 'pw-never-in-messages';

let answer: { status: number; body: unknown } = { status: 200, body: {} };
const seen: { auth?: string }[] = [];
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ auth: req.headers.authorization });
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const codec = (at = url) =>
  registryCodec({ url: at, username: 'worker', password: PASSWORD, schemas: { [SUBJECT]: SCHEMA } });
const framed = (id: number): Buffer => {
  const b = Buffer.alloc(7);
  b.writeUInt32BE(id, 1);
  return b;
};
/** The error of reading a message (the registry asked about its schema id) and of writing one. */
async function failures(status: number, body: unknown): Promise<unknown[]> {
  answer = { status, body };
  const c = codec();
  return Promise.all([
    c.decode(framed(7), SUBJECT).then(
      () => 'decoded',
      (e: unknown) => e,
    ),
    c.encode(SUBJECT, { a: 'x' }).then(
      () => 'encoded',
      (e: unknown) => e,
    ),
  ]);
}

const refusals: [string, number, unknown][] = [
  ['401 unauthorized', 401, { error_code: 40101, message: 'Unauthorized' }],
  ['403 forbidden', 403, { error_code: 40301, message: 'User cannot access the resource.' }],
  ['422 unprocessable', 422, { error_code: 42201, message: 'Invalid schema' }],
  ['400 bad request', 400, 'Bad Request'],
  ['404 from a wrong URL (no Confluent code)', 404, '<html>Not Found</html>'],
];
test.each(refusals)('%s → DependencyRefusedError, not malformed, not plain transient', async (_, status, body) => {
  for (const err of await failures(status, body)) {
    expect(err).toBeInstanceOf(DependencyRefusedError);
    expect(isRefusal(err)).toBe(true);
    expect(err).not.toBeInstanceOf(MalformedError);
    expect(err).not.toBeInstanceOf(TransientError);
    expect((err as Error).message).toContain(String(status));
    expect((err as Error).message).not.toContain(PASSWORD);
  }
});

test.each([
  [500, { error_code: 50001, message: 'Error in the backend data store' }],
  [503, 'Service Unavailable'],
  [429, { error_code: 429, message: 'Too many requests' }],
])('%s → TransientError', async (status, body) => {
  for (const err of await failures(status, body)) {
    expect(err).toBeInstanceOf(TransientError);
    expect(isRefusal(err)).toBe(false);
  }
});

test('no answer at all → TransientError', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await expect(codec(`http://127.0.0.1:${port}`).decode(framed(7), SUBJECT)).rejects.toBeInstanceOf(TransientError);
});

test('404 "schema not found" (40403) for a schema id is malformed: a crafted id never stalls a partition', async () => {
  const [read] = await failures(404, { error_code: 40403, message: 'Schema 7 not found' });
  expect(read).toEqual(new MalformedError('no schema has id 7'));
});

test('the credentials are sent as Basic authentication', async () => {
  seen.length = 0;
  await failures(403, {});
  expect(seen[0]?.auth).toBe(`Basic ${Buffer.from(`worker:${PASSWORD}`).toString('base64')}`);
});
