// The MongoDB wire protocol, as far as the fault proxy needs it: cut a byte stream into
// messages, read OP_MSG and OP_QUERY requests, write OP_MSG and OP_REPLY answers.
// https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
// Documents are read and written with `bson`, the MongoDB driver's own codec, so what the
// proxy answers is byte-for-byte what the driver itself would decode from a server.
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

/** OP_MSG flagBits. */
export const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;
export const EXHAUST_ALLOWED = 1 << 16;

export const HEADER_BYTES = 16;
/** Above mongod's maxMessageSizeBytes (48 MB): a longer length means the stream is not MongoDB's. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export function readHeader(frame: Buffer): Header {
  return {
    length: frame.readInt32LE(0),
    requestId: frame.readInt32LE(4),
    responseTo: frame.readInt32LE(8),
    opCode: frame.readInt32LE(12),
  };
}

/**
 * Cuts a TCP byte stream into whole messages. `push` returns the messages the chunk completes
 * (views into the chunk when it holds them whole, so forwarding copies nothing), and throws on a
 * length no MongoDB message can have: the caller then drops the connection, as mongod does.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Buffer[] = [];
    while (buf.length >= 4) {
      const length = buf.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) throw new Error(`bad message length ${length}`);
      if (buf.length < length) break;
      frames.push(buf.subarray(0, length));
      buf = buf.subarray(length);
    }
    // Copy the tail: a view would keep the whole chunk alive until the message completes.
    this.pending = Buffer.from(buf);
    return frames;
  }
}

/** A document sequence (section kind 1): the documents stay raw BSON until asked for. */
export interface DocumentSequence {
  identifier: string;
  documents: Buffer[];
}

export interface OpMsg extends Header {
  flags: number;
  /** The kind-0 section, raw: most requests are forwarded untouched, so it is decoded on demand. */
  body: Buffer;
  sequences: DocumentSequence[];
}

function bsonLength(buf: Buffer, at: number): number {
  const length = buf.readInt32LE(at);
  if (length < 5 || at + length > buf.length) throw new Error(`bad BSON length ${length} at ${at}`);
  return length;
}

function cstring(buf: Buffer, at: number): { value: string; end: number } {
  const nul = buf.indexOf(0, at);
  if (nul < 0) throw new Error(`unterminated string at ${at}`);
  return { value: buf.toString('utf8', at, nul), end: nul + 1 };
}

/** Reads an OP_MSG; throws on a malformed one (no body, a section past the end, an unknown kind). */
export function parseOpMsg(frame: Buffer): OpMsg {
  const header = readHeader(frame);
  if (header.opCode !== OP_MSG) throw new Error(`not an OP_MSG: opCode ${header.opCode}`);
  const flags = frame.readUInt32LE(HEADER_BYTES);
  // The CRC-32C of a checksummed message is its last 4 bytes; it is not checked (the proxy trusts TCP).
  const end = header.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
  let at = HEADER_BYTES + 4;
  let body: Buffer | undefined;
  const sequences: DocumentSequence[] = [];
  while (at < end) {
    const kind = frame.readUInt8(at++);
    if (kind === 0) {
      const length = bsonLength(frame, at);
      body = frame.subarray(at, at + length);
      at += length;
    } else if (kind === 1) {
      const size = frame.readInt32LE(at);
      const stop = at + size;
      if (size < 5 || stop > end) throw new Error(`bad document sequence size ${size}`);
      const id = cstring(frame, at + 4);
      const documents: Buffer[] = [];
      for (let d = id.end; d < stop; d += documents[documents.length - 1]!.length) {
        documents.push(frame.subarray(d, d + bsonLength(frame, d)));
      }
      sequences.push({ identifier: id.value, documents });
      at = stop;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new Error('OP_MSG without a body section');
  return { ...header, flags, body, sequences };
}

/** The command a request names: the first key of its body, read without decoding the rest. */
export function commandName(body: Buffer): string {
  if (body.length < 6 || body.readUInt8(4) === 0) return '';
  return cstring(body, 5).value;
}

export function decode(doc: Buffer): Document {
  return deserialize(doc);
}

/** Writes an OP_MSG with one body section, no checksum; `flags` may carry moreToCome or exhaustAllowed. */
export function encodeOpMsg(h: { requestId: number; responseTo: number; flags?: number }, body: Document): Buffer {
  const doc = serialize(body);
  const frame = Buffer.alloc(HEADER_BYTES + 4 + 1 + doc.length);
  writeHeader(frame, h.requestId, h.responseTo, OP_MSG);
  frame.writeUInt32LE((h.flags ?? 0) & ~CHECKSUM_PRESENT, HEADER_BYTES);
  frame.writeUInt8(0, HEADER_BYTES + 4);
  frame.set(doc, HEADER_BYTES + 5);
  return frame;
}

function writeHeader(frame: Buffer, requestId: number, responseTo: number, opCode: number): void {
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(requestId, 4);
  frame.writeInt32LE(responseTo, 8);
  frame.writeInt32LE(opCode, 12);
}

/** A legacy OP_QUERY: the drivers still send their first handshake (`isMaster`/`hello`) this way. */
export interface OpQuery extends Header {
  collection: string;
  query: Document;
}

export function parseOpQuery(frame: Buffer): OpQuery {
  const header = readHeader(frame);
  if (header.opCode !== OP_QUERY) throw new Error(`not an OP_QUERY: opCode ${header.opCode}`);
  const name = cstring(frame, HEADER_BYTES + 4);
  const at = name.end + 8; // numberToSkip, numberToReturn
  const query = deserialize(frame.subarray(at, at + bsonLength(frame, at)));
  return { ...header, collection: name.value, query };
}

/** Writes the OP_REPLY that answers an OP_QUERY command with one document. */
export function encodeOpReply(h: { requestId: number; responseTo: number }, doc: Document): Buffer {
  const bytes = serialize(doc);
  const frame = Buffer.alloc(HEADER_BYTES + 20 + bytes.length);
  writeHeader(frame, h.requestId, h.responseTo, OP_REPLY);
  frame.writeInt32LE(0, HEADER_BYTES); // responseFlags: a command's error is in the document
  frame.writeBigInt64LE(0n, HEADER_BYTES + 4); // cursorID
  frame.writeInt32LE(0, HEADER_BYTES + 12); // startingFrom
  frame.writeInt32LE(1, HEADER_BYTES + 16); // numberReturned
  frame.set(bytes, HEADER_BYTES + 20);
  return frame;
}
