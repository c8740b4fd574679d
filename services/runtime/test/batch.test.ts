import { runBatch, type BatchOptions } from '../src/batch';
import { createLogger } from '../src/logger';
import { Metrics } from '../src/metrics';
import { TransientError } from '../src/transient';
import type { BatchControl, InMessage, OutMessage } from '../src/transport';

class FakeControl implements BatchControl {
  heartbeats = 0;
  running = true;
  commits: { out: OutMessage[]; lastOffset: string }[] = [];
  /** Errors the next commit calls throw, in order. */
  commitFailures: Error[] = [];
  constructor(private readonly events: string[] = []) {}
  async heartbeat(): Promise<void> {
    this.heartbeats++;
  }
  isRunning(): boolean {
    return this.running;
  }
  async commit(out: OutMessage[], lastOffset: string): Promise<void> {
    const failure = this.commitFailures.shift();
    if (failure) throw failure;
    this.events.push(`commit:${lastOffset}`);
    this.commits.push({ out: [...out], lastOffset });
  }
}

const msg = (offset: number, key: string | null): InMessage => ({
  topic: 't', partition: 0, offset: String(offset), key, value: Buffer.from(`v${offset}`), headers: {},
});
const outFor = (m: InMessage): OutMessage[] => [{ topic: 't.replies', key: m.key, value: Buffer.from(`r${m.offset}`), headers: { offset: m.offset } }];
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Degraded = [what: string, reason: string | null];

function options(over: Partial<BatchOptions> = {}): BatchOptions & { degraded: Degraded[] } {
  const degraded: Degraded[] = [];
  return {
    keyConcurrency: 4,
    chunkSize: 100,
    retry: { baseMs: 1, capMs: 5 },
    signal: new AbortController().signal,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: new Metrics('test'),
    setDegraded: (what, reason) => degraded.push([what, reason]),
    degraded,
    ...over,
  };
}

describe('runBatch', () => {
  it('keeps per-key order while different keys interleave', async () => {
    const events: string[] = [];
    const ctl = new FakeControl(events);
    const messages = [msg(0, 'a'), msg(1, 'b'), msg(2, 'a'), msg(3, 'b'), msg(4, 'a'), msg(5, 'c')];
    await runBatch(messages, ctl, async (m) => {
      events.push(`start:${m.offset}`);
      await delay(m.key === 'a' ? 8 : 1);
      events.push(`end:${m.offset}`);
      return outFor(m);
    }, options());

    const forKey = (offsets: string[]): string[] => events.filter((e) => offsets.includes(e.split(':')[1]!));
    expect(forKey(['0', '2', '4'])).toEqual(['start:0', 'end:0', 'start:2', 'end:2', 'start:4', 'end:4']);
    expect(forKey(['1', '3'])).toEqual(['start:1', 'end:1', 'start:3', 'end:3']);
    // keys run concurrently: b and c start before a's first message ends
    expect(events.indexOf('start:1')).toBeLessThan(events.indexOf('end:0'));
    expect(events.indexOf('start:5')).toBeLessThan(events.indexOf('end:0'));
    // and finish out of offset order
    expect(events.indexOf('end:3')).toBeLessThan(events.indexOf('end:2'));
    expect(events[events.length - 1]).toBe('commit:5');
  });

  it('commits once per chunk, outputs in offset order, with the chunk\'s last offset', async () => {
    const events: string[] = [];
    const ctl = new FakeControl(events);
    const messages = [msg(10, 'slow'), msg(11, 'fast'), msg(12, null), msg(13, null), msg(14, 'slow')];
    await runBatch(messages, ctl, async (m) => {
      events.push(`start:${m.offset}`);
      await delay(m.key === 'slow' ? 6 : 0);
      return outFor(m);
    }, options({ chunkSize: 2 }));

    expect(ctl.commits.map((c) => c.lastOffset)).toEqual(['11', '13', '14']);
    expect(ctl.commits.map((c) => c.out.map((o) => o.headers.offset))).toEqual([['10', '11'], ['12', '13'], ['14']]);
    expect(ctl.commits[0]!.out[0]!.value.toString()).toBe('r10');
    // a chunk commits before the next chunk starts
    expect(events).toEqual(['start:10', 'start:11', 'commit:11', 'start:12', 'start:13', 'commit:13', 'start:14', 'commit:14']);
  });

  it('flattens several outputs per message (reply and events) in offset order', async () => {
    const ctl = new FakeControl();
    const out = (m: InMessage, n: number): OutMessage[] =>
      Array.from({ length: n }, (_, i) => ({ topic: i === 0 ? 't.replies' : 't.events', key: m.key, value: Buffer.from(`${m.offset}.${i}`), headers: {} }));
    await runBatch([msg(0, 'slow'), msg(1, 'fast'), msg(2, 'x')], ctl, async (m) => {
      if (m.key === 'slow') await delay(5);
      return out(m, m.offset === '2' ? 0 : Number(m.offset) + 2);
    }, options());
    expect(ctl.commits).toHaveLength(1);
    expect(ctl.commits[0]!.out.map((o) => o.value.toString())).toEqual(['0.0', '0.1', '1.0', '1.1', '1.2']);
    expect(ctl.commits[0]!.lastOffset).toBe('2');
  });

  it('runs at most keyConcurrency keys at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const ctl = new FakeControl();
    const messages = Array.from({ length: 8 }, (_, i) => msg(i, `k${i}`));
    await runBatch(messages, ctl, async (m) => {
      peak = Math.max(peak, ++inFlight);
      await delay(2);
      inFlight--;
      return outFor(m);
    }, options({ keyConcurrency: 3 }));
    expect(peak).toBe(3);
    expect(ctl.commits).toHaveLength(1);
    expect(ctl.commits[0]!.out).toHaveLength(8);
  });

  it('commits an empty chunk list not at all', async () => {
    const ctl = new FakeControl();
    await runBatch([], ctl, async (m) => outFor(m), options());
    expect(ctl.commits).toEqual([]);
  });

  it('retries a transient failure, reports degraded then recovered, commits only after success', async () => {
    const ctl = new FakeControl();
    const opts = options();
    const calls: { offset: string; commitsSoFar: number }[] = [];
    let failures = 2;
    await runBatch([msg(0, 'a'), msg(1, 'b')], ctl, async (m) => {
      calls.push({ offset: m.offset, commitsSoFar: ctl.commits.length });
      if (m.offset === '1' && failures-- > 0) throw new TransientError('database down');
      return outFor(m);
    }, opts);

    expect(calls.filter((c) => c.offset === '1')).toHaveLength(3);
    expect(calls.every((c) => c.commitsSoFar === 0)).toBe(true);
    expect(opts.degraded).toEqual([['t[0]@1', 'TransientError'], ['t[0]@1', 'TransientError'], ['t[0]@1', null]]);
    expect(ctl.heartbeats).toBe(2);
    expect(ctl.commits).toHaveLength(1);
    expect(ctl.commits[0]!.out.map((o) => o.headers.offset)).toEqual(['0', '1']);
    const retries = await opts.metrics.retries.get();
    expect(retries.values).toEqual([expect.objectContaining({ value: 2, labels: { topic: 't', cause: 'TransientError' } })]);
  });

  it('retries a transient commit failure', async () => {
    const ctl = new FakeControl();
    ctl.commitFailures.push(new TransientError('broker away'));
    const opts = options();
    let processed = 0;
    await runBatch([msg(0, 'a')], ctl, async (m) => {
      processed++;
      return outFor(m);
    }, opts);
    expect(processed).toBe(1);
    expect(ctl.commits).toHaveLength(1);
    expect(opts.degraded).toEqual([['commit t[0]', 'TransientError'], ['commit t[0]', null]]);
  });

  it('lets a non-transient error propagate without retry or commit', async () => {
    const ctl = new FakeControl();
    const opts = options();
    const boom = new TypeError('bug');
    let calls = 0;
    await expect(runBatch([msg(0, 'a'), msg(1, 'a')], ctl, async (m) => {
      calls++;
      if (m.offset === '0') throw boom;
      return outFor(m);
    }, opts)).rejects.toBe(boom);
    expect(calls).toBe(1);
    expect(ctl.commits).toEqual([]);
    expect(opts.degraded).toEqual([]);
  });

  it('stops without committing when the signal aborts during a retry wait', async () => {
    const ctl = new FakeControl();
    const ac = new AbortController();
    const reason = new Error('shutdown timeout');
    const opts = options({ signal: ac.signal, retry: { baseMs: 1_000, capMs: 5_000 } });
    let calls = 0;
    const run = runBatch([msg(0, 'a')], ctl, async () => {
      calls++;
      throw new TransientError('database down');
    }, { ...opts, setDegraded: (what, r) => { opts.degraded.push([what, r]); if (r) setTimeout(() => ac.abort(reason), 5); } });
    await expect(run).rejects.toBe(reason);
    expect(calls).toBe(1);
    expect(ctl.commits).toEqual([]);
  });

  it('stops without committing when the signal aborts while a retried call is running', async () => {
    const ctl = new FakeControl();
    const ac = new AbortController();
    const opts = options({ signal: ac.signal });
    let calls = 0;
    await expect(runBatch([msg(0, 'a')], ctl, async () => {
      calls++;
      if (calls === 2) ac.abort(new Error('stop'));
      throw new TransientError('database down');
    }, opts)).rejects.toBeInstanceOf(TransientError);
    expect(calls).toBe(2);
    expect(ctl.commits).toEqual([]);
  });

  it('does nothing when already aborted or no longer running', async () => {
    const ac = new AbortController();
    ac.abort();
    const ctl = new FakeControl();
    let calls = 0;
    const process = async (m: InMessage): Promise<OutMessage[]> => {
      calls++;
      return outFor(m);
    };
    await runBatch([msg(0, 'a')], ctl, process, options({ signal: ac.signal }));
    const stopped = new FakeControl();
    stopped.running = false;
    await runBatch([msg(0, 'a')], stopped, process, options());
    expect(calls).toBe(0);
    expect(ctl.commits).toEqual([]);
    expect(stopped.commits).toEqual([]);
  });

  it('stops before the next chunk once the batch is no longer running', async () => {
    const ctl = new FakeControl();
    const seen: string[] = [];
    await runBatch([msg(0, 'a'), msg(1, 'a'), msg(2, 'a')], ctl, async (m) => {
      seen.push(m.offset);
      ctl.running = false; // e.g. a rebalance revoked the partition
      return outFor(m);
    }, options({ chunkSize: 1 }));
    expect(seen).toEqual(['0']);
    expect(ctl.commits.map((c) => c.lastOffset)).toEqual(['0']);
  });
});
