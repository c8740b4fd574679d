// The faults of a chaos run, one at a time in one schedule so a restart never
// meets a stopped database: SIGKILLs of a member (after 20 % of the requests are
// answered, each replaced at once), join/leave cycles of an extra process (each
// join and each leave rebalances the group; the leaver gets SIGTERM), and the
// database and the SMTP server stopped for a while. Faults fire at progress marks
// (answered ÷ requests) spread over the run; the sender holds its last requests
// until every fault is done, so each one happens under traffic.
import { SERVICES, type Fleet, type Service } from './fleet';

export interface FaultPlan {
  kills: number;
  /** Join/leave cycles of an extra process (two rebalances each). */
  cycles: number;
  /** How long the database and the SMTP server are stopped (0: not stopped). */
  outageMs: number;
}

export interface FaultRecord {
  what: string;
  /** Progress when it began. */
  at: number;
  ms: number;
  /** Epoch ms when it began. */
  startedAt: number;
}

export interface Step {
  at: number;
  what: string;
  run(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runFaults(
  plan: FaultPlan,
  fleet: Fleet,
  progress: () => number,
  control: (component: string, action: 'stop' | 'start') => Promise<void>,
  /** More steps (a production-shaped stack's: production-faults.ts), run in the same schedule. */
  more: readonly Step[] = [],
): Promise<FaultRecord[]> {
  const steps: Step[] = [...more];
  for (let k = 0; k < plan.kills; k++) {
    const member = `${SERVICES[k % SERVICES.length]}-0`;
    steps.push({
      at: 0.22 + (k * 0.5) / Math.max(1, plan.kills),
      what: `SIGKILL ${member}, restarted`,
      run: () => fleet.kill(member),
    });
  }
  if (plan.outageMs > 0) {
    for (const [at, component] of [
      [0.3, 'mongodb'],
      [0.5, 'smtp'],
    ] as const) {
      steps.push({
        at,
        what: `${component} stopped ${plan.outageMs / 1000} s`,
        run: async () => {
          await control(component, 'stop');
          await sleep(plan.outageMs);
          await control(component, 'start');
        },
      });
    }
  }
  for (let c = 0; c < plan.cycles; c++) {
    const service: Service = SERVICES[c % SERVICES.length]!;
    steps.push({
      at: 0.05 + (c * 0.8) / Math.max(1, plan.cycles),
      what: `${service} joiner in and out (SIGTERM)`,
      run: () => cycle(fleet, service, c),
    });
  }
  steps.sort((a, b) => a.at - b.at);
  const done: FaultRecord[] = [];
  for (const step of steps) {
    while (progress() < step.at) await sleep(100);
    const started = Date.now();
    const at = progress();
    await step.run();
    done.push({ what: step.what, at, ms: Date.now() - started, startedAt: started });
  }
  return done;
}

/** A third process joins the group, works a moment, and leaves by SIGTERM. */
async function cycle(fleet: Fleet, service: Service, c: number): Promise<void> {
  const name = `${service}-joiner${c}`;
  const w = await fleet.start(service, name);
  await sleep(1_500);
  await fleet.term(name, w);
}
