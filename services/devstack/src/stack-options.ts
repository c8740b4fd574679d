// The shape of a stack: how many Kafka nodes, and whether Toxiproxy stands in front of
// every server. Given as options to launch(), as `--brokers N` / `--proxy` to the
// supervisor, or as STACK_BROKERS / STACK_PROXY in the environment (tests, scripts).

export interface StackOptions {
  /** Kafka nodes: 1 (the default) or 3 (production's shape: replication 3, min ISR 2). */
  brokers: number;
  /** Toxiproxy in front of every server; clients reach them only through it. */
  proxy: boolean;
}

export function checkBrokers(n: number): number {
  if (n !== 1 && n !== 3) throw new Error(`--brokers ${n}: the stack runs 1 or 3 Kafka nodes`);
  return n;
}

/** From the environment: STACK_BROKERS=3, STACK_PROXY=1. */
export function stackOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StackOptions {
  return {
    brokers: checkBrokers(env.STACK_BROKERS ? Number(env.STACK_BROKERS) : 1),
    proxy: env.STACK_PROXY === '1' || env.STACK_PROXY === 'true',
  };
}

/** The supervisor's arguments for `o`. */
export function stackArgs(o: StackOptions): string[] {
  return ['--brokers', String(o.brokers), ...(o.proxy ? ['--proxy'] : [])];
}

export function stackOptionsFromArgs(argv: string[]): StackOptions {
  const i = argv.indexOf('--brokers');
  return { brokers: checkBrokers(i >= 0 ? Number(argv[i + 1]) : 1), proxy: argv.includes('--proxy') };
}
