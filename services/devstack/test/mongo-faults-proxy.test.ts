// The proxy's relay keeps a connection's messages in order and in step with the server: a blocked command
// holds back the ones behind it, a failed command never reaches the server, an unacknowledged write
// (moreToCome) is never answered, the OP_QUERY handshake can be failed, and bytes that are not MongoDB's
// end the connection. Runs against a stand-in server on a local socket; the real driver's path is
// test/integration/smoke/mongo-fail-points.test.ts.
import { once } from 'node:events';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { type Document, deserialize, serialize } from 'bson';
import { MongoFaultProxy, upstreamOf } from '../src/mongo-faults';
import {
  FrameReader,
  MORE_TO_COME,
  OP_MSG,
  OP_QUERY,
  OP_REPLY,
  encodeOpMsg,
  parseOpMsg,
  readHeader,
} from '../src/mongo-faults/wire';

jest.setTimeout(10_000);

/** A stand-in server: answers each OP_MSG (and nothing else) with {ok: 1, seen: <command>} unless it is moreToCome. */
let server: Server;
const seen: string[] = [];
let proxy: MongoFaultProxy;

beforeAll(async () => {
  server = createServer((s) => {
    const reader = new FrameReader();
    s.on('data', (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if (readHeader(f).opCode !== OP_MSG) continue;
        const msg = parseOpMsg(f);
        const name = Object.keys(deserialize(msg.body))[0]!;
        seen.push(name);
        if (!(msg.flags & MORE_TO_COME))
          s.write(encodeOpMsg({ requestId: 1, responseTo: msg.requestId }, { ok: 1, seen: name }));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy = new MongoFaultProxy({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
  await proxy.start();
});

afterAll(async () => {
  await proxy.stop();
  server.close();
});

beforeEach(() => {
  seen.length = 0;
  proxy.clearFailPoints();
});

/** A raw client: sends documents as OP_MSG (or any frame) and reads the replies, by responseTo. */
class RawClient {
  private readonly socket: Socket;
  private readonly reader = new FrameReader();
  readonly replies: Buffer[] = [];
  private nextId = 1;
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (c: Buffer) => this.replies.push(...this.reader.push(c)));
    this.closed = once(this.socket, 'close').then(() => undefined);
  }

  send(body: Document, flags = 0): number {
    const id = this.nextId++;
    this.socket.write(encodeOpMsg({ requestId: id, responseTo: 0, flags }, { ...body, $db: 'admin' }));
    return id;
  }

  write(frame: Buffer): void {
    this.socket.write(frame);
  }

  async reply(to: number): Promise<Document> {
    for (let i = 0; i < 300; i++) {
      const r = this.replies.find((f) => readHeader(f).responseTo === to);
      if (r) return readHeader(r).opCode === OP_REPLY ? deserialize(r.subarray(36)) : deserialize(parseOpMsg(r).body);
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`no reply to ${to}`);
  }

  end(): void {
    this.socket.destroy();
  }
}

const configure = async (c: RawClient, mode: unknown, data: Document): Promise<Document> =>
  c.reply(c.send({ configureFailPoint: 'failCommand', mode, data }));

test('a blocked command holds back the next one on its connection, then both run in order', async () => {
  const c = new RawClient(proxy.port);
  await configure(c, { times: 1 }, { failCommands: ['find'], blockConnection: true, blockTimeMS: 300 });
  const started = Date.now();
  const first = c.send({ find: 'x' });
  const second = c.send({ insert: 'x' });
  expect(await c.reply(second)).toMatchObject({ seen: 'insert' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  expect(await c.reply(first)).toMatchObject({ seen: 'find' });
  expect(seen).toEqual(['find', 'insert']);
  c.end();
});

test('a failed command never reaches the server; an unacknowledged one is neither sent nor answered', async () => {
  const c = new RawClient(proxy.port);
  await configure(c, 'alwaysOn', { failCommands: ['insert'], errorCode: 189, errorLabels: [] });
  expect(await c.reply(c.send({ insert: 'x' }))).toEqual({
    ok: 0,
    errmsg: "Failing command via 'failCommand' failpoint",
    code: 189,
    codeName: 'PrimarySteppedDown',
  });
  const silent = c.send({ insert: 'x', writeConcern: { w: 0 } }, MORE_TO_COME);
  expect(await c.reply(c.send({ ping: 1 }))).toMatchObject({ seen: 'ping' });
  expect(c.replies.some((f) => readHeader(f).responseTo === silent)).toBe(false);
  expect(seen).toEqual(['ping']);
  c.end();
});

test('the OP_QUERY handshake can be failed, by appName, and is answered with an OP_REPLY', async () => {
  const c = new RawClient(proxy.port);
  await configure(c, { times: 1 }, { failCommands: ['isMaster'], errorCode: 91, appName: 'app' });
  const query = Buffer.from(serialize({ ismaster: 1, client: { application: { name: 'app' } } }));
  const name = Buffer.from('admin.$cmd\0');
  const frame = Buffer.concat([Buffer.alloc(20), name, Buffer.alloc(8), query]);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(77, 4);
  frame.writeInt32LE(OP_QUERY, 12);
  c.write(frame);
  expect(await c.reply(77)).toMatchObject({ ok: 0, code: 91, codeName: 'ShutdownInProgress' });
  c.end();
});

test('waitForFailPoint returns once the fail point was entered; other fail points are refused', async () => {
  const c = new RawClient(proxy.port);
  const { count } = await configure(c, { times: 1 }, { failCommands: ['find'], closeConnection: true });
  const waiter = new RawClient(proxy.port);
  const waiting = waiter.reply(
    waiter.send({ waitForFailPoint: 'failCommand', timesEntered: count + 1, maxTimeMS: 5000 }),
  );
  c.send({ find: 'x' });
  await c.closed;
  expect(await waiting).toEqual({ ok: 1 });
  const timedOut = await waiter.reply(
    waiter.send({ waitForFailPoint: 'failCommand', timesEntered: count + 2, maxTimeMS: 50 }),
  );
  expect(timedOut).toMatchObject({ ok: 0, code: 50 });
  const other = await waiter.reply(waiter.send({ configureFailPoint: 'hangBeforeX', mode: 'alwaysOn' }));
  expect(other).toMatchObject({ ok: 0, code: 2 });
  expect(seen).toEqual([]);
  waiter.end();
});

test('bytes that are not MongoDB messages end the connection; the proxy still serves others', async () => {
  const bad = new RawClient(proxy.port);
  bad.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
  await bad.closed;
  const good = new RawClient(proxy.port);
  expect(await good.reply(good.send({ ping: 1 }))).toMatchObject({ ok: 1 });
  good.end();
});

test('upstreamOf reads host and port of a single-host URI', () => {
  expect(upstreamOf('mongodb://127.0.0.1:28286/')).toEqual({ host: '127.0.0.1', port: 28286 });
  expect(upstreamOf('mongodb://u:p@db.local/workers?tls=false')).toEqual({ host: 'db.local', port: 27017 });
  expect(upstreamOf('mongodb://[::1]:27018')).toEqual({ host: '::1', port: 27018 });
  expect(() => upstreamOf('mongodb://a:1,b:2/')).toThrow('single-host');
  expect(readHeader(encodeOpMsg({ requestId: 1, responseTo: 0 }, {})).opCode).toBe(OP_MSG);
});
