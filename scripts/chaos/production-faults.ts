// The faults a production cluster meets every week, for a chaos run on the
// production-shaped stack (`--brokers 3 --proxy`): a rolling restart of every
// broker, SIGKILL of the broker that leads the most partitions and later of the
// active controller, a slow database, a database and then a registry that stop
// answering without closing anything (Toxiproxy's `timeout` toxic: a black hole),
// and SMTP connections reset. They join the process faults (faults.ts) in one
// schedule, one at a time, each at a progress mark.
//
// SMTP resets use `reset_peer` with timeout 0: a connection is reset as its first
// bytes pass, so no session gets as far as DATA. A reset after DATA, before the
// server's 250 reached the client, is the one case where no SMTP client can know
// whether the mail went; the mail worker records it IN_DOUBT and never re-sends it
// (docs/mail.md), which this run would count as a mail not received.
import type { Step } from './faults';
import type { StackControl } from './stack-control';

export interface ProductionPlan {
  /** Brokers in the cluster (kafka-1 … kafka-N). */
  brokers: number;
  /** The run's own topics, whose leaders and replicas the broker faults watch. */
  topics: readonly string[];
  /** How long a killed broker stays down before it is started again. */
  brokerDownMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` while `toxic` is on the proxy of `component`; removes it whatever happens. */
async function withToxic(
  stack: StackControl,
  component: string,
  toxic: Parameters<StackControl['toxic']>[1],
  ms: number,
): Promise<void> {
  const remove = await stack.toxic(component, toxic);
  try {
    await sleep(ms);
  } finally {
    await remove();
  }
}

async function restartBroker(
  stack: StackControl,
  name: string,
  how: 'stop' | 'kill',
  p: ProductionPlan,
): Promise<void> {
  await stack.component(name, how);
  await sleep(how === 'kill' ? p.brokerDownMs : 2_000);
  await stack.component(name, 'start');
  if (!(await stack.inSync(p.topics))) throw new Error(`${name}: replicas not back in sync within 180 s`);
}

export function productionSteps(stack: StackControl, p: ProductionPlan, say: (line: string) => void): Step[] {
  const brokers = Array.from({ length: p.brokers }, (_, i) => `kafka-${i + 1}`);
  let killedLeader = '';
  return [
    {
      at: 0.06,
      what: `rolling restart of ${brokers.join(', ')} (SIGTERM, start, replicas in sync, next)`,
      run: async () => {
        for (const b of brokers) {
          say(`rolling restart: ${b}`);
          await restartBroker(stack, b, 'stop', p);
        }
      },
    },
    {
      at: 0.2,
      what: 'SIGKILL of the broker leading the most partitions',
      run: async () => {
        killedLeader = await stack.leaderOfMost(p.topics);
        say(`SIGKILL ${killedLeader} (leads the most partitions), down ${p.brokerDownMs / 1000} s`);
        await restartBroker(stack, killedLeader, 'kill', p);
      },
    },
    {
      at: 0.3,
      what: 'database latency 300 ± 200 ms for 20 s',
      run: () => withToxic(stack, 'mongodb', { type: 'latency', attributes: { latency: 300, jitter: 200 } }, 20_000),
    },
    {
      at: 0.4,
      what: 'database black hole 10 s',
      run: () => withToxic(stack, 'mongodb', { type: 'timeout', attributes: { timeout: 0 } }, 10_000),
    },
    {
      at: 0.47,
      what: 'registry black hole 10 s',
      run: () => withToxic(stack, 'registry', { type: 'timeout', attributes: { timeout: 0 } }, 10_000),
    },
    {
      at: 0.55,
      what: 'SMTP connections reset for 10 s',
      run: () => withToxic(stack, 'smtp', { type: 'reset_peer', attributes: { timeout: 0 } }, 10_000),
    },
    {
      at: 0.65,
      what: 'SIGKILL of the active controller',
      run: async () => {
        const controller = await stack.activeController();
        say(`SIGKILL ${controller} (active controller${controller === killedLeader ? ', led the most before' : ''})`);
        await restartBroker(stack, controller, 'kill', p);
      },
    },
  ];
}
