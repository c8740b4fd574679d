// The fault proxy reads the messages the real MongoDB driver sends (bytes captured from the Node
// driver 7.9 talking to FerretDB, in fixtures/mongo-wire/) and writes answers the driver can read:
// framing across any chunking, OP_MSG with document sequences and checksums, the OP_QUERY handshake.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import { withWriteConcernError } from '../src/mongo-faults/connection';
import { handshakeAppName, namespaceOf, readCommand } from '../src/mongo-faults/request';
import {
  CHECKSUM_PRESENT,
  FrameReader,
  MORE_TO_COME,
  OP_COMPRESSED,
  OP_MSG,
  OP_QUERY,
  OP_REPLY,
  encodeOpMsg,
  encodeOpReply,
  parseOpMsg,
  parseOpQuery,
  readHeader,
} from '../src/mongo-faults/wire';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(join(__dirname, 'fixtures', 'mongo-wire', `${name}.hex`), 'utf8').replace(/\s/g, ''), 'hex');

const handshake = fixture('handshake-op-query');
const insert = fixture('insert-op-msg');
const update = fixture('update-op-msg');
const updateReply = fixture('update-reply-op-msg');

/** A copy of `frame` with flag bits added (and a CRC slot appended when checksumPresent is one of them). */
function withFlags(frame: Buffer, flags: number): Buffer {
  const out = Buffer.concat([frame, Buffer.alloc(flags & CHECKSUM_PRESENT ? 4 : 0)]);
  out.writeInt32LE(out.length, 0);
  out.writeUInt32LE(frame.readUInt32LE(16) | flags, 16);
  return out;
}

test("the driver's first handshake is an OP_QUERY on admin.$cmd carrying the appName", () => {
  expect(readHeader(handshake)).toMatchObject({ length: handshake.length, opCode: OP_QUERY, responseTo: 0 });
  expect(parseOpQuery(handshake).collection).toBe('admin.$cmd');
  const req = readCommand(handshake)!;
  expect(req.name).toBe('ismaster');
  expect(handshakeAppName(req)).toBe('fixture-app');
  expect(req.body().$db).toBe('admin');
});

test('an insert is an OP_MSG whose documents travel in a kind-1 sequence', () => {
  const msg = parseOpMsg(insert);
  expect(msg.flags).toBe(0);
  expect(deserialize(msg.body)).toMatchObject({ insert: 'cards', ordered: true, $db: 'fixture' });
  expect(msg.sequences.map((s) => s.identifier)).toEqual(['documents']);
  expect(msg.sequences[0]!.documents.map((d) => deserialize(d))).toEqual([
    { _id: 'c1', state: 'WAITING' },
    { _id: 'c2', state: 'ACTIVE' },
  ]);
  const req = readCommand(insert)!;
  expect([req.name, namespaceOf(req), req.expectsReply, handshakeAppName(req)]).toEqual([
    'insert',
    'fixture.cards',
    true,
    undefined,
  ]);
});

test('messages come out whole and in order however the stream is cut', () => {
  const stream = Buffer.concat([handshake, insert, update, updateReply]);
  for (const size of [1, 7, 100, stream.length]) {
    const reader = new FrameReader();
    const frames: Buffer[] = [];
    for (let at = 0; at < stream.length; at += size) frames.push(...reader.push(stream.subarray(at, at + size)));
    expect(frames.map((f) => f.toString('hex'))).toEqual(
      [handshake, insert, update, updateReply].map((f) => f.toString('hex')),
    );
  }
  const bad = Buffer.alloc(16);
  bad.writeInt32LE(3, 0);
  expect(() => new FrameReader().push(bad)).toThrow('bad message length 3');
});

test('a checksum is left out of the sections, and moreToCome means no reply is awaited', () => {
  const summed = parseOpMsg(withFlags(insert, CHECKSUM_PRESENT));
  expect(deserialize(summed.body)).toEqual(deserialize(parseOpMsg(insert).body));
  expect(summed.sequences[0]!.documents).toHaveLength(2);
  expect(readCommand(withFlags(insert, MORE_TO_COME))!.expectsReply).toBe(false);
});

test('a body after its document sequence is found, in a message laid out by hand', () => {
  const doc = Buffer.from(serialize({ a: 1 }));
  const body = Buffer.from(serialize({ insert: 'x', $db: 'd' }));
  const seqId = Buffer.from('documents\0');
  const seq = Buffer.alloc(4);
  seq.writeInt32LE(4 + seqId.length + doc.length * 2);
  const parts = [Buffer.alloc(16), Buffer.alloc(4), Buffer.of(1), seq, seqId, doc, doc, Buffer.of(0), body];
  const frame = Buffer.concat(parts);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(42, 4);
  frame.writeInt32LE(OP_MSG, 12);
  const msg = parseOpMsg(frame);
  expect([msg.requestId, deserialize(msg.body).insert, msg.sequences[0]!.documents.length]).toEqual([42, 'x', 2]);
});

test('what the proxy cannot read goes through unread', () => {
  const badKind = Buffer.from(insert);
  badKind.writeUInt8(7, 20); // the first section's kind byte
  expect(() => parseOpMsg(badKind)).toThrow('unknown OP_MSG section kind 7');
  expect(readCommand(badKind)).toBeUndefined();
  const compressed = Buffer.from(insert);
  compressed.writeInt32LE(OP_COMPRESSED, 12);
  expect(readCommand(compressed)).toBeUndefined();
});

test('an error answer is an OP_MSG replying to the request, with one body section', () => {
  const doc = { ok: 0, errmsg: 'x', code: 10107, codeName: 'NotWritablePrimary', errorLabels: ['RetryableWriteError'] };
  const frame = readCommand(update)!.reply(doc);
  expect(readHeader(frame)).toMatchObject({
    length: frame.length,
    responseTo: readHeader(update).requestId,
    opCode: OP_MSG,
  });
  expect([frame.readUInt32LE(16), frame.readUInt8(20)]).toEqual([0, 0]);
  expect(deserialize(frame.subarray(21))).toEqual(doc);
  expect(encodeOpMsg({ requestId: 1, responseTo: 2, flags: CHECKSUM_PRESENT }, doc).readUInt32LE(16)).toBe(0);
});

test('an error answer to an OP_QUERY command is an OP_REPLY with one document', () => {
  const frame = readCommand(handshake)!.reply({ ok: 0, code: 91 });
  expect(readHeader(frame)).toMatchObject({ opCode: OP_REPLY, responseTo: readHeader(handshake).requestId });
  expect(frame.readInt32LE(32)).toBe(1); // numberReturned
  expect(deserialize(frame.subarray(36))).toEqual({ ok: 0, code: 91 });
  expect(encodeOpReply({ requestId: 1, responseTo: 2 }, {}).length).toBe(36 + 5);
});

test("a write-concern error is added to the server's own reply, which keeps its ids and fields", () => {
  const wce = { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' };
  const out = withWriteConcernError(withFlags(updateReply, CHECKSUM_PRESENT), {
    blockMs: 0,
    closeConnection: false,
    writeConcernError: wce,
    errorLabels: ['RetryableWriteError'],
  });
  const before = parseOpMsg(updateReply);
  const after = parseOpMsg(out);
  expect([after.requestId, after.responseTo, after.flags]).toEqual([before.requestId, before.responseTo, 0]);
  expect(deserialize(after.body)).toEqual({
    ...deserialize(before.body),
    writeConcernError: wce,
    errorLabels: ['RetryableWriteError'],
  });
});
