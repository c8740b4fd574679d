// A MongoDB wire-protocol proxy that answers MongoDB's own test fail point, so a test can make the
// database answer what a replica set answers during a stepdown (NotWritablePrimary, ShutdownInProgress,
// write-concern errors, dropped connections) through the real driver's code path, against a server
// (FerretDB) that has no fail points of its own. A test configures it exactly as it would a mongod
// started with enableTestCommands:
//
//   await client.db('admin').command({ configureFailPoint: 'failCommand', mode: { times: 2 },
//     data: { failCommands: ['find'], errorCode: 10107, errorLabels: ['RetryableWriteError'] } });
//
// Everything else is forwarded byte for byte, one server connection per client connection.
// Limit: a connection that negotiated compression sends OP_COMPRESSED, which the proxy does not open, so
// no fail point trips on it. FerretDB offers no compressor; in front of a mongod, leave `compressors` unset.
import { type Server, type Socket, createServer } from 'node:net';
import { once } from 'node:events';
import { FailCommandPoint } from './fail-command';
import { ProxiedConnection, type Upstream } from './connection';

export class MongoFaultProxy {
  /** The fail point every connection through this proxy consults (one per proxy, as one per mongod). */
  readonly failCommand = new FailCommandPoint();
  private server: Server | undefined;
  private readonly connections = new Set<ProxiedConnection>();
  private listenPort = 0;

  constructor(
    readonly upstream: Upstream,
    private readonly host = '127.0.0.1',
  ) {}

  /** A proxy in front of the server a single-host `mongodb://` URI names (the stack's MONGODB_URI). */
  static forUri(uri: string): MongoFaultProxy {
    return new MongoFaultProxy(upstreamOf(uri));
  }

  /** The port it listens on; 0 before `start`. */
  get port(): number {
    return this.listenPort;
  }

  /** A URI that reaches the server through this proxy. */
  get uri(): string {
    return `mongodb://${this.host}:${this.listenPort}/`;
  }

  /** Listens on `port` (0 or none: a free one); resolves to the port once accepting. */
  async start(port = 0): Promise<number> {
    if (this.server) return this.listenPort;
    const server = createServer((socket: Socket) => {
      const conn: ProxiedConnection = new ProxiedConnection(socket, this.upstream, this.failCommand, () =>
        this.connections.delete(conn),
      );
      this.connections.add(conn);
    });
    server.listen(port, this.host);
    await once(server, 'listening');
    this.server = server;
    const address = server.address();
    this.listenPort = typeof address === 'object' && address ? address.port : port;
    return this.listenPort;
  }

  /** Stops listening and drops every connection (clients see the server hang up). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const c of [...this.connections]) c.close();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Turns every fail point off: for the stack between tests, and a test's afterEach. */
  clearFailPoints(): void {
    this.failCommand.clear();
  }

  /** Client connections open now. */
  get openConnections(): number {
    return this.connections.size;
  }
}

/** host and port of a single-host `mongodb://` URI; throws for `mongodb+srv://` or a seed list. */
export function upstreamOf(uri: string): Upstream {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^/,?]+)(?:[/?]|$)/.exec(uri);
  if (!m) throw new Error(`MongoFaultProxy needs a single-host mongodb:// URI, not ${uri}`);
  const hostPort = m[1]!;
  const ipv6 = /^\[(.+)\](?::(\d+))?$/.exec(hostPort);
  if (ipv6) return { host: ipv6[1]!, port: Number(ipv6[2] ?? 27017) };
  const [host, port] = hostPort.split(':');
  return { host: host!, port: Number(port ?? 27017) };
}
