// A client's message seen as a command: its name and database, its body on demand, and how to
// answer it in its own opcode. OP_MSG is what drivers send once connected; OP_QUERY on `<db>.$cmd`
// is their first handshake. Anything else (OP_COMPRESSED, legacy CRUD opcodes, a malformed
// message) is not a command the proxy can read: `readCommand` returns undefined and the bytes
// go to the server as they came, for the server to answer or refuse.
import type { Document } from 'bson';
import {
  MORE_TO_COME,
  OP_MSG,
  OP_QUERY,
  commandName,
  decode,
  encodeOpMsg,
  encodeOpReply,
  parseOpMsg,
  parseOpQuery,
  readHeader,
} from './wire';

export interface CommandRequest {
  opCode: number;
  requestId: number;
  name: string;
  /** The request's body, decoded once on first call. */
  body(): Document;
  /** False for an OP_MSG with moreToCome (an unacknowledged write): the server sends no reply. */
  expectsReply: boolean;
  /** The whole message that answers this request with `doc`. */
  reply(doc: Document): Buffer;
}

let nextReplyId = 0x40000000;
/** Request ids of answers the proxy writes itself; they only need to differ from each other. */
const replyId = (): number => {
  nextReplyId = nextReplyId >= 0x7fffffff ? 0x40000000 : nextReplyId + 1;
  return nextReplyId;
};

function lazy(read: () => Document): () => Document {
  let doc: Document | undefined;
  return () => {
    doc ??= read();
    return doc;
  };
}

export function readCommand(frame: Buffer): CommandRequest | undefined {
  const opCode = readHeader(frame).opCode;
  try {
    if (opCode === OP_MSG) {
      const msg = parseOpMsg(frame);
      return {
        opCode,
        requestId: msg.requestId,
        name: commandName(msg.body),
        body: lazy(() => decode(msg.body)),
        expectsReply: (msg.flags & MORE_TO_COME) === 0,
        reply: (doc) => encodeOpMsg({ requestId: replyId(), responseTo: msg.requestId }, doc),
      };
    }
    if (opCode === OP_QUERY) {
      const q = parseOpQuery(frame);
      if (!q.collection.endsWith('.$cmd')) return undefined;
      // A driver wraps a command with read preference as {$query: {...}, $readPreference}.
      const cmd = (q.query.$query ?? q.query) as Document;
      const db = q.collection.slice(0, -'.$cmd'.length);
      return {
        opCode,
        requestId: q.requestId,
        name: Object.keys(cmd)[0] ?? '',
        body: () => ({ ...cmd, $db: db }),
        expectsReply: true,
        reply: (doc) => encodeOpReply({ requestId: replyId(), responseTo: q.requestId }, doc),
      };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** `<db>.<collection>` for a command whose value names a collection (find, insert, …), else `<db>`. */
export function namespaceOf(req: CommandRequest): string {
  const body = req.body();
  const target = body[req.name];
  return typeof target === 'string' ? `${String(body.$db)}.${target}` : String(body.$db);
}

/** The appName a handshake announces (`client.application.name`), if this is one that carries it. */
export function handshakeAppName(req: CommandRequest): string | undefined {
  if (req.name !== 'hello' && req.name !== 'isMaster' && req.name !== 'ismaster') return undefined;
  const client = req.body().client as { application?: { name?: unknown } } | undefined;
  const name = client?.application?.name;
  return typeof name === 'string' ? name : undefined;
}
