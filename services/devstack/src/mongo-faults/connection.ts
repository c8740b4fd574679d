// One client connection through the fault proxy, with its own connection to the server (as a
// driver's pooled connection is one server connection). Messages are handled one at a time and
// in order: a blocked command holds back the ones behind it on that connection, as on mongod.
// Replies flow back untouched except the ones a writeConcernError fail point rewrites.
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Document } from 'bson';
import { codeName } from './code-names';
import { type Activation, type FailCommandPoint, FailPointConfigError } from './fail-command';
import { type CommandRequest, handshakeAppName, namespaceOf, readCommand } from './request';
import { FrameReader, OP_MSG, decode, encodeOpMsg, parseOpMsg, readHeader } from './wire';

export interface Upstream {
  host: string;
  port: number;
}

/** mongod's errmsg for a command failed by the fail point. */
const FAILPOINT_MSG = "Failing command via 'failCommand' failpoint";

function errorReply(code: number, errmsg: string, labels?: string[]): Document {
  return { ok: 0, errmsg, code, codeName: codeName(code), ...(labels?.length ? { errorLabels: labels } : {}) };
}

export class ProxiedConnection {
  private readonly server: Socket;
  private readonly fromClient = new FrameReader();
  private readonly fromServer = new FrameReader();
  private readonly backlog: Buffer[] = [];
  private working = false;
  private closed = false;
  /** The handshake's appName, matched against a fail point's `appName`. */
  private appName: string | undefined;
  /** Request ids whose replies get a writeConcernError added, with what to add. */
  private readonly rewrites = new Map<number, Activation>();

  constructor(
    private readonly client: Socket,
    upstream: Upstream,
    private readonly failPoint: FailCommandPoint,
    private readonly onClose: () => void,
  ) {
    this.server = connect(upstream.port, upstream.host);
    client.setNoDelay(true);
    this.server.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.guard(() => this.enqueue(this.fromClient.push(chunk))));
    this.server.on('data', (chunk: Buffer) =>
      this.guard(() => {
        for (const frame of this.fromServer.push(chunk)) this.toClient(frame);
      }),
    );
    // Backpressure both ways: a slow reader pauses the other side instead of buffering without bound.
    client.on('drain', () => this.flow());
    this.server.on('drain', () => this.flow());
    for (const s of [client, this.server]) {
      s.on('error', () => this.close());
      s.on('close', () => this.close());
    }
  }

  /** Drops both sides at once: what a client sees of a server that hangs up (closeConnection). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.backlog.length = 0;
    this.client.destroy();
    this.server.destroy();
    this.onClose();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch {
      this.close(); // bytes that are not MongoDB messages: mongod hangs up too
    }
  }

  private flow(): void {
    const holdClient = this.working || this.server.writableNeedDrain;
    if (holdClient) this.client.pause();
    else this.client.resume();
    if (this.client.writableNeedDrain) this.server.pause();
    else this.server.resume();
  }

  private enqueue(frames: Buffer[]): void {
    this.backlog.push(...frames);
    if (!this.working) void this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      for (let frame = this.backlog.shift(); frame && !this.closed; frame = this.backlog.shift()) {
        const pending = this.handle(frame);
        if (pending) {
          this.flow();
          await pending;
        }
      }
    } catch {
      this.close();
    } finally {
      this.working = false;
      if (!this.closed) this.flow();
    }
  }

  /** Handles one client message; returns a promise only when it must wait (block, waitForFailPoint). */
  private handle(frame: Buffer): Promise<void> | undefined {
    const req = readCommand(frame);
    if (!req) return this.toServer(frame);
    this.appName = handshakeAppName(req) ?? this.appName;
    if (req.name === 'configureFailPoint') return this.answer(req, this.configure(req.body()));
    if (req.name === 'waitForFailPoint') return this.waitForFailPoint(req);
    if (!this.failPoint.active) return this.toServer(frame);
    const act = this.failPoint.evaluate({
      name: req.name,
      namespace: namespaceOf(req),
      appName: this.appName,
      body: req.body(),
    });
    if (!act) return this.toServer(frame);
    return act.blockMs > 0 ? sleep(act.blockMs).then(() => this.apply(act, req, frame)) : this.apply(act, req, frame);
  }

  private apply(act: Activation, req: CommandRequest, frame: Buffer): undefined {
    if (this.closed) return;
    if (act.closeConnection) return void this.close();
    if (act.errorCode !== undefined) return this.answer(req, errorReply(act.errorCode, FAILPOINT_MSG, act.errorLabels));
    // Only an OP_MSG reply can be rewritten; drivers send every write as OP_MSG.
    if (act.writeConcernError && req.expectsReply && req.opCode === OP_MSG) this.rewrites.set(req.requestId, act);
    return this.toServer(frame);
  }

  private configure(cmd: Document): Document {
    if (cmd.configureFailPoint !== 'failCommand')
      return errorReply(2, `fail point ${String(cmd.configureFailPoint)} is not one this proxy offers (failCommand)`);
    try {
      return this.failPoint.configure(cmd);
    } catch (e) {
      if (e instanceof FailPointConfigError) return errorReply(e.code, e.message);
      throw e;
    }
  }

  /** mongod's `{waitForFailPoint: 'failCommand', timesEntered: n, maxTimeMS}`: waits until n activations. */
  private async waitForFailPoint(req: CommandRequest): Promise<void> {
    const body = req.body();
    const target = Number(body.timesEntered);
    const deadline = Date.now() + Number(body.maxTimeMS ?? 300_000);
    while (this.failPoint.timesEntered < target && Date.now() < deadline && !this.closed) await sleep(10);
    this.answer(
      req,
      this.failPoint.timesEntered >= target ? { ok: 1 } : errorReply(50, 'waitForFailPoint: timesEntered not reached'),
    );
  }

  private answer(req: CommandRequest, doc: Document): undefined {
    if (req.expectsReply && !this.closed) this.client.write(req.reply(doc));
    return undefined;
  }

  private toServer(frame: Buffer): undefined {
    if (!this.closed && !this.server.write(frame)) this.flow();
    return undefined;
  }

  private toClient(frame: Buffer): void {
    if (this.closed) return;
    const act = this.rewrites.size ? this.rewrites.get(readHeader(frame).responseTo) : undefined;
    if (act) {
      this.rewrites.delete(readHeader(frame).responseTo);
      frame = withWriteConcernError(frame, act);
    }
    if (!this.client.write(frame)) this.flow();
  }
}

/** The server's reply with the fail point's writeConcernError (and errorLabels) added, as mongod's epilogue does. */
export function withWriteConcernError(frame: Buffer, act: Activation): Buffer {
  const msg = parseOpMsg(frame);
  const body = decode(msg.body);
  body.writeConcernError = act.writeConcernError;
  if (act.errorLabels?.length) body.errorLabels = act.errorLabels;
  return encodeOpMsg({ requestId: msg.requestId, responseTo: msg.responseTo, flags: msg.flags }, body);
}
