// The naive worker (naive-worker.ts) as the baseline the workers are divided by. It
// stays up for the whole run and is measured beside each worker: one naive burst
// before each of the worker's bursts, so a worker's ratio divides medians taken in
// the same minutes. This machine's speed drifts by a fifth from one quarter hour to
// the next, and a naive figure taken once, before every worker, moved each ratio with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Prepared } from '@workers/client';
import { topicVariables } from '@workers/contracts';
import { repoRoot } from '@workers/devstack';
import { RequestSender } from '../lib/request-sender';
import { cardMix } from './card-mix';
import { burst, ReplyWatch } from './load';

export class NaiveBaseline {
  private runs = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly sender: RequestSender,
    private readonly watch: ReplyWatch,
    /** `n` fresh card requests, prepared, tagged `tag`. */
    private readonly load: (tag: string) => Promise<Prepared[]>,
    private readonly tagPrefix: string,
    private readonly n: number,
  ) {}

  /** Starts the naive worker on the card topics of `prefix` (provisioned already) and warms it. */
  static async open(env: Record<string, string>, prefix: string, n: number): Promise<NaiveBaseline> {
    const t = topicVariables(prefix);
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(repoRoot, 'scripts/bench/naive-worker.ts')],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          ...env,
          MONGODB_DB: `${env.MONGODB_DB}_naive`,
          REQUEST_TOPIC: t.CARD_REQUEST_TOPIC,
          REPLY_TOPIC: t.CARD_REPLY_TOPIC,
          GROUP: `${prefix}naive`,
        },
      },
    );
    const kafka = new Kafka({ clientId: 'bench', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    const watch = await ReplyWatch.open(kafka, [t.CARD_REPLY_TOPIC], `${prefix}naive-watch`);
    const sender = RequestSender.open(env, prefix, 'bench');
    const load = (tag: string) => sender.prepare(cardMix(n, t.CARD_REQUEST_TOPIC, tag));
    const baseline = new NaiveBaseline(child, sender, watch, load, `${prefix}nb`, n);
    // Warmed with one whole burst, not counted: a first burst after a few dozen requests ran at
    // two thirds of the next (its JIT and the database's pages still cold), and a worker divided
    // by it looked a third better than it was.
    await baseline.burst();
    return baseline;
  }

  /** One burst of the card mix (fresh requestIds each time): the naive worker's rate in req/s. */
  async burst(): Promise<number> {
    const load = await this.load(`${this.tagPrefix}${this.runs++}`);
    return this.n / (await burst((slice) => this.sender.send(slice), load, this.watch)).seconds;
  }

  async close(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.sender.close();
    await this.watch.close();
  }
}
