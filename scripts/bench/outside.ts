// A latency phase measured from outside the bench: scripts/bench/outside-reader.py (Confluent's
// Python client, librdkafka, read_committed, fetch.wait.max.ms=10) reads the phase's reply topics
// from their end offsets and stamps each reply as it is polled; its stamps joined with the bench's
// own send stamps (load.ts's SendLog) give the latency a reply consumer other than the bench's
// kafkajs one sees. One reader process per phase, started before the first send.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '@workers/devstack';
import type { SendLog } from '../lib/request-sender';
import { addArrival, type Arrivals, expectedReplies, joinLatencies, parseReaderLine } from './outside-join';
import { type LatencySummary, summarise } from './procstat';

const SCRIPT = join(repoRoot, 'scripts', 'bench', 'outside-reader.py');
/** Listing topics, reading end offsets and assigning: seconds on a busy machine, never 30. */
const READY_MS = 30_000;
/** After the bench's own reader has every reply of the phase, how long the outside one may lag. */
const CATCH_UP_MS = 15_000;

export class OutsideReader {
  readonly arrivals: Arrivals = new Map();
  private seen = 0;
  private stderr: string[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly label: string,
    private readonly say: (line: string) => void,
  ) {
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
    createInterface({ input: child.stderr }).on('line', (l) => {
      this.stderr = [...this.stderr.slice(-4), l];
    });
  }

  /**
   * Starts the reader on `topics` and resolves once it is positioned (its READY line). Throws,
   * with the reader's last stderr lines, if it exits or is not ready within 30 s (it is then killed).
   */
  static async start(
    python: string,
    brokers: string,
    topics: readonly string[],
    label: string,
    say: (line: string) => void,
  ): Promise<OutsideReader> {
    const child = spawn(python, [SCRIPT, '--brokers', brokers, '--topics', topics.join(',')], { stdio: 'pipe' });
    const reader = new OutsideReader(child, label, say);
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const l = parseReaderLine(line);
        if (l?.kind === 'ready') resolve();
        else if (l?.kind === 'reply') {
          addArrival(reader.arrivals, l.id, l.at);
          reader.seen++;
        } else say(`${label}: outside reader wrote an unexpected line: ${line.slice(0, 200)}`);
      });
      child.once('error', reject);
      void reader.exited.then((code) => reject(new Error(`exited ${code}: ${reader.stderr.join(' | ')}`)));
      timer = setTimeout(
        () => reject(new Error(`not ready after ${READY_MS / 1000} s: ${reader.stderr.join(' | ')}`)),
        READY_MS,
      );
    });
    try {
      await ready;
      return reader;
    } catch (err) {
      await reader.stop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until the reader has a reply for every send of `sent` (up to 15 s), stops it, and gives
   * their latencies; undefined, said in one line, when some replies were not read (a partial figure
   * would leave out the slowest).
   */
  async finish(sent: SendLog): Promise<LatencySummary | undefined> {
    const want = expectedReplies(sent);
    const deadline = Date.now() + CATCH_UP_MS;
    while (this.seen < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.stop();
    if (this.seen < want) {
      this.say(`${this.label}: the outside reader read ${this.seen} of ${want} replies; its figure is left out`);
      return undefined;
    }
    return summarise(joinLatencies(sent, this.arrivals));
  }

  /** Closes its stdin and SIGTERMs it (SIGKILL after 5 s); resolves when it has exited. Never throws. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end();
    this.child.kill('SIGTERM');
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(kill);
  }
}

/** The reader for one phase, or undefined (said in one line) when there is no python or it did not start. */
export async function outsideFor(
  python: string | undefined,
  brokers: string,
  topics: readonly string[],
  label: string,
  say: (line: string) => void,
): Promise<OutsideReader | undefined> {
  if (python === undefined) return undefined;
  try {
    return await OutsideReader.start(python, brokers, topics, label, say);
  } catch (err) {
    say(
      `${label}: the outside reader did not start (${err instanceof Error ? err.message : String(err)}); no outside figure`,
    );
    return undefined;
  }
}
