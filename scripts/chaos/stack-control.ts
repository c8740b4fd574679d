// What a production-shaped chaos run asks of the stack, through the stack's own
// interfaces only (what an operator of a real cluster has): its control API to
// stop (SIGTERM), kill (SIGKILL) or start a named component, Toxiproxy's HTTP API
// for network faults, and Kafka's own metadata for who leads what. Each call
// throws on a refusal: a fault that did not happen must not count as survived.
import { Kafka, logLevel } from 'kafkajs';

export type Action = 'stop' | 'start' | 'kill';

export interface Toxic {
  type: 'latency' | 'timeout' | 'reset_peer' | 'bandwidth' | 'slow_close' | 'limit_data' | 'slicer';
  stream?: 'upstream' | 'downstream';
  attributes: Record<string, number>;
}

interface ComponentStatus {
  name: string;
  running: boolean;
  nodeId?: number;
  activeController?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class StackControl {
  private readonly kafka: Kafka;
  private toxics = 0;

  constructor(private readonly env: Record<string, string>) {
    this.kafka = new Kafka({
      clientId: 'chaos-control',
      brokers: env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 10 },
    });
  }

  async component(name: string, action: Action): Promise<void> {
    const res = await fetch(`${this.env.STACK_CONTROL_URL}/components/${name}/${action}`, { method: 'POST' });
    if (!res.ok) throw new Error(`stack control ${action} ${name}: ${res.status} ${await res.text()}`);
  }

  async status(): Promise<ComponentStatus[]> {
    const res = await fetch(`${this.env.STACK_CONTROL_URL}/status`);
    if (!res.ok) throw new Error(`stack status: ${res.status}`);
    return (await res.json()) as ComponentStatus[];
  }

  /** Adds `toxic` to the proxy of `component` and returns its remover. */
  async toxic(component: string, toxic: Toxic): Promise<() => Promise<void>> {
    const url = this.env.TOXIPROXY_URL;
    if (!url) throw new Error('no TOXIPROXY_URL: start the stack with --proxy');
    const name = `chaos-${toxic.type}-${++this.toxics}`;
    const res = await fetch(`${url}/proxies/${component}/toxics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, stream: toxic.stream ?? 'downstream', toxicity: 1, ...toxic }),
    });
    if (!res.ok) throw new Error(`toxiproxy ${component} ${toxic.type}: ${res.status} ${await res.text()}`);
    return async () => {
      const del = await fetch(`${url}/proxies/${component}/toxics/${name}`, { method: 'DELETE' });
      if (!del.ok && del.status !== 404) throw new Error(`toxiproxy remove ${name}: ${del.status}`);
    };
  }

  /** The broker component (`kafka-N`) that leads the most partitions of `topics`. */
  async leaderOfMost(topics: readonly string[]): Promise<string> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: topics.filter((t) => existing.has(t)) });
      const led = new Map<number, number>();
      for (const t of meta) for (const p of t.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
      const [id] = [...led].sort((a, b) => b[1] - a[1])[0] ?? [1];
      return `kafka-${id}`;
    } finally {
      await admin.disconnect();
    }
  }

  /** The component that is the KRaft quorum's active controller, as the stack reports it. */
  async activeController(): Promise<string> {
    const c = (await this.status()).find((s) => s.activeController === true);
    if (!c) throw new Error('the stack reports no active controller');
    return c.name;
  }

  /**
   * Waits until every partition of `topics` and of the internal topics has its full
   * replica set in sync again (a rolling restart moves on only then, as an operator's
   * would); resolves false at the deadline.
   */
  async inSync(topics: readonly string[], timeoutMs = 180_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const all = [...topics, '__consumer_offsets', '__transaction_state'];
    while (Date.now() < deadline) {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        const existing = new Set(await admin.listTopics());
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: all.filter((t) => existing.has(t)) });
        const lagging = meta.flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length);
        if (lagging.length === 0) return true;
      } catch {
        // A broker still starting: ask again.
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await sleep(1_000);
    }
    return false;
  }
}
