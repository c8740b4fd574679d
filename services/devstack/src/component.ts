// The shape every stack server has. A component keeps its port and data across
// stop()/start(), so fault tests can take one server away and bring it back.
export interface Component {
  readonly name: string;
  /** KEY=value endpoints this component contributes to the env file. */
  readonly env: Record<string, string>;
  /** Human-readable server version, known once started. */
  version: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
}
