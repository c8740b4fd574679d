// The slowest 1 % of a phase, stage by stage: the workers' request.processed lines place each
// request (topic, partition, offset), their chunk.timed lines give its chunk's stages, and the
// bench's send and the reader's read stamps close the span; the stages add up to the latency.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Arrivals } from '../../../scripts/bench/outside-join';
import { spread } from '../../../scripts/bench/procstat';
import { report, type Results } from '../../../scripts/bench/report';
import type { WorkerRun } from '../../../scripts/bench/run-worker';
import {
  breakdown,
  readerPhase,
  slowestOf,
  slowestTable,
  STAGES,
  stagesOf,
  WorkerLog,
} from '../../../scripts/bench/slowest';

const processed = (requestId: string, offset: number, partition = 0, event = 'request.processed'): string =>
  JSON.stringify({
    level: 30,
    service: 'card-worker',
    topic: 'req',
    partition,
    offset: String(offset),
    requestId,
    operation: 'RegisterCard',
    messageCode: 'Success',
    durationMs: 3,
    event,
  });

const timed = (first: number, last: number, at: number, partition = 0): string =>
  JSON.stringify({
    level: 20,
    service: 'card-worker',
    topic: 'req',
    partition,
    firstOffset: String(first),
    lastOffset: String(last),
    count: last - first + 1,
    fetchedAt: at + 10,
    startedAt: at + 12,
    decodeMs: 1,
    readMs: 2,
    applyMs: 3,
    recordMs: 4,
    encodeMs: 0.5,
    queuedMs: 5,
    produceMs: 1.5,
    commitMs: 6,
    committedAt: at + 12 + 23,
    event: 'chunk.timed',
  });

/** 100 requests r0…r99 at offsets 0…99 of partition 0, sent at 1000·i, read 50 ms later but r7 (500 ms). */
function phase(): { log: WorkerLog; sent: Map<string, number[]>; read: Arrivals } {
  const log = new WorkerLog();
  const sent = new Map<string, number[]>();
  const read: Arrivals = new Map();
  for (let i = 0; i < 100; i++) {
    const at = 1_000 * i;
    sent.set(`r${i}`, [at]);
    read.set(`r${i}`, [at + (i === 7 ? 500 : 50)]);
    log.add(processed(`r${i}`, i));
    log.add(timed(i, i, at));
  }
  return { log, sent, read };
}

test('one request: its stages follow each other and add up to its latency', () => {
  const log = new WorkerLog();
  log.add(timed(4, 6, 0));
  log.add(processed('a', 5));
  const c = log.chunkOf('a', 0)!;
  const s = stagesOf(0, 60, c);
  expect(s).toEqual({
    fetch: 10,
    queue: 2,
    decode: 1,
    read: 2,
    apply: 3,
    record: 4,
    encode: 0.5,
    behind: 5,
    produce: 1.5,
    commit: 6,
    visible: 25,
    other: 0,
  });
  expect(STAGES.reduce((n, st) => n + s[st], 0)).toBeCloseTo(60);
});

test('the slowest 1 % of 100 is the one slow request, with its mean and max', () => {
  const { log, sent, read } = phase();
  const b = breakdown(log, sent, read);
  expect(b).toMatchObject({ requests: 100, slowest: 1, timed: 1, early: 0, latency: { mean: 500, max: 500 } });
  expect(b.mean.visible).toBe(500 - 35);
  expect(b.max.fetch).toBe(10);
  expect(b.mean.other).toBeCloseTo(0);
});

test("the slowest sent in the phase's first 2 s are counted apart: the wake from the quiet pause", () => {
  const { log, sent, read } = phase();
  // r1 (sent at 1,000 ms, 1.0 s into the phase) and r2 (at 2,000 ms, the first 2 s over) slow too.
  read.set('r1', [1_000 + 600]);
  read.set('r2', [2_000 + 550]);
  const b = breakdown(log, sent, read, 0.03);
  expect(b).toMatchObject({ slowest: 3, early: 1 });
});

test('a re-sent request pairs its k-th send with its k-th read and its k-th offset; lines repeated count once', () => {
  const log = new WorkerLog();
  log.add(timed(0, 1, 0));
  log.add(timed(2, 2, 1_000));
  log.add(processed('x', 0));
  log.add(processed('x', 0)); // the chunk computed again
  log.add(processed('x', 2, 0, 'request.replayed'));
  log.add('not json "request.processed"');
  log.add('Marking foo as optimized'); // V8's traces share the file
  const b = breakdown(log, new Map([['x', [0, 1_000]]]), new Map([['x', [40, 1_900]]]), 0.5);
  // The slower is the second send (900 ms), found in the chunk at offset 2.
  expect(b).toMatchObject({ requests: 2, slowest: 1, timed: 1 });
  expect(b.mean.fetch).toBe(1_010 - 1_000);
  expect(b.mean.visible).toBe(1_900 - 1_035);
});

test('a slow request in no timed chunk is counted, not guessed at', () => {
  const log = new WorkerLog();
  log.add(processed('y', 3));
  const b = breakdown(log, new Map([['y', [0]]]), new Map([['y', [70]]]));
  expect(b).toMatchObject({ requests: 1, slowest: 1, timed: 0 });
  expect(b.mean.fetch).toBeNaN();
  expect(slowestTable([{ worker: 'card', phase: 'light 200/s', reader: 'bench', b }]).join('\n')).toContain(
    '| card | light 200/s | bench | 1 of 1 (0) | 1 | – / – |',
  );
});

test('the table: a row per phase, mean / max per stage; nothing without rows', () => {
  const { log, sent, read } = phase();
  const text = slowestTable([
    { worker: 'card', phase: 'paced 1000/s', reader: 'outside', b: breakdown(log, sent, read) },
  ]).join('\n');
  expect(text).toContain('Where the slowest 1 % of requests went');
  expect(text).toContain(`| worker | phase | reader | slowest (timed) | first 2 s | latency | ${STAGES.join(' | ')} |`);
  expect(text).toContain('"first 2 s": how many of them were sent in the phase\'s first 2 seconds:');
  expect(text).toContain(
    '| card | paced 1000/s | outside | 1 of 100 (1) | 0 | 500.0 / 500.0 | 10.0 / 10.0 | 2.0 / 2.0 |',
  );
  expect(slowestTable([])).toEqual([]);
});

test('read from the log file, the phase read by the outside reader only when it read every reply', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slowest-'));
  try {
    const file = join(dir, 'workers.log');
    writeFileSync(file, `${[timed(0, 0, 0), processed('a', 0), processed('other-phase', 1)].join('\n')}\n`);
    const bench = { arrivals: new Map([['a', [100]]]) };
    const outside = { arrivals: new Map([['a', [90]]]) };
    expect(readerPhase('p', new Map(), false, bench).reader).toBe('bench');
    expect(readerPhase('p', new Map(), undefined, bench).reader).toBe('bench');
    const phase = readerPhase('paced', new Map([['a', [0]]]), outside, bench);
    const [row] = await slowestOf(file, 'card', [phase]);
    expect(row).toMatchObject({ worker: 'card', phase: 'paced', reader: 'outside', b: { timed: 1 } });
    expect(row!.b.latency.mean).toBe(90);
    expect(await slowestOf(join(dir, 'missing.log'), 'card', [phase])).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the report prints the table of the workers that have one', () => {
  const { log, sent, read } = phase();
  const bursts = spread([1_000]);
  const run: WorkerRun = {
    label: 'card',
    requests: 100,
    bursts,
    burstRate: 1_000,
    pacedRate: 500,
    pacedAchieved: 500,
    latency: { p50: 50, p95: 50, p99: 500, max: 500 },
    peakRssMb: 100,
    cpuPer1000: { worker: 0.2, kafka: 0.1, database: 0.1 },
    codes: { Success: 100 },
    pacedSteps: {},
    lights: [],
    lightsSkipped: [],
    slowest: [{ worker: 'card', phase: 'paced 500/s', reader: 'outside', b: breakdown(log, sent, read) }],
  };
  const res: Results = { date: '2026-12-10', cpus: 2, cpuModel: 'x', requests: 100, bursts: 1, workers: [run] };
  expect(report(res)).toContain('| card | paced 500/s | outside | 1 of 100 (1) |');
  expect(report({ ...res, workers: [{ ...run, slowest: undefined }] })).not.toContain('Where the slowest');
});
