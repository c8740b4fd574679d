// The shape every stack server has. A component keeps its port and data across
// stop()/kill()/start(), so fault tests can take one server away and bring it back.
export interface Component {
  readonly name: string;
  /** Other names the control API accepts for it (`schema-registry` for `registry`, `kafka-1` for a lone `kafka`). */
  readonly aliases?: readonly string[];
  /** KEY=value endpoints this component contributes to the env file. */
  readonly env: Record<string, string>;
  /** Human-readable server version, known once started. */
  version: string;
  /** A Kafka node's node.id. */
  readonly nodeId?: number;
  /** A Kafka node's view of the controller quorum's leader (node id) and its epoch. */
  quorumLeader?(): { leaderId: number; epoch: number } | undefined;
  start(): Promise<void>;
  /** Graceful: SIGTERM (a broker does a controlled shutdown); resolves once it is gone. */
  stop(): Promise<void>;
  /** Abrupt: SIGKILL, or for an in-process server every connection dropped at once. Defaults to stop(). */
  kill?(): Promise<void>;
  /** Used when the whole stack goes down: may be quicker than stop() (the data is not kept). */
  close?(): Promise<void>;
  running(): boolean;
  /** Process id of a native server, while it runs. */
  pid?(): number | undefined;
  /**
   * `host:port` of the TCP listener clients use, for --proxy to put Toxiproxy in front of; undefined
   * for a server someone else runs. Known before start() for Kafka nodes (they advertise their proxy).
   */
  upstream?(): string | undefined;
  /** The env keys that change when clients reach this server through `proxied` (`host:port`). */
  proxiedEnv?(proxied: string): Record<string, string>;
}
