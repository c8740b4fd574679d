// Issue 29: where a chunk's time went. Once its commit succeeded, a debug line `chunk.timed`
// gives its offsets, when it was fetched, computed and committed, and each step's ms (ids and
// numbers only); the histogram worker_chunk_step_seconds has the steps fetch, produce and commit
// beside the computation's. At info, nothing of it is built.
import { logTimed, startTiming } from '../../src/engine/chunk-timing';
import type { Logger } from '../../src/logger';
import { RouteHarness } from '../../src/route-harness';
import type { InMessage } from '../../src/transport';
import { counterRoute } from '../counter-route';

let h: RouteHarness | undefined;
afterEach(async () => h?.stop());

test('one chunk.timed line per chunk committed, joined to its requests by partition and offsets', async () => {
  h = await RouteHarness.start([counterRoute()], { entities: ['counters'], partitions: 1 });
  h.transport.hold();
  h.send({ requestId: 't-1', operation: 'Add', payload: { id: 'secret-counter', amount: 1 } });
  h.send({ requestId: 't-2', operation: 'Add', payload: { id: 'secret-counter', amount: 2 } });
  h.transport.release();
  await h.settle();
  const timed = h.logs.filter((l) => l.event === 'chunk.timed');
  expect(timed).toHaveLength(1);
  const t = timed[0]!;
  expect(t).toMatchObject({ level: 20, partition: 0, firstOffset: '0', lastOffset: '1', count: 2 });
  for (const k of ['decodeMs', 'readMs', 'applyMs', 'recordMs', 'encodeMs', 'queuedMs', 'produceMs', 'commitMs'])
    expect(t[k]).toBeGreaterThanOrEqual(0);
  const at = (k: string): number => t[k] as number;
  expect(at('fetchedAt')).toBeLessThanOrEqual(at('startedAt'));
  expect(at('startedAt')).toBeLessThanOrEqual(at('committedAt'));
  const processed = h.logs.filter((l) => l.event === 'request.processed');
  expect(processed.map((l) => [l.partition, l.offset])).toEqual([
    [0, '0'],
    [0, '1'],
  ]);
  expect(JSON.stringify(timed)).not.toContain('secret-counter');

  const text = await h.metricsText();
  for (const step of ['fetch', 'wait', 'decode', 'read', 'apply', 'record', 'encode', 'produce', 'commit'])
    expect(text).toMatch(new RegExp(`worker_chunk_step_seconds_count\\{[^}]*step="${step}"[^}]*\\} [1-9]`));
});

function logger(debug: boolean): Logger & { lines: [string, Record<string, unknown>][] } {
  const lines: [string, Record<string, unknown>][] = [];
  const none = (): void => undefined;
  return {
    lines,
    info: none,
    warn: none,
    error: none,
    debug: (e, f = {}) => void lines.push([e, f]),
    enabled: (lvl) => lvl !== 'debug' || debug,
  };
}

test('no timing is kept when debug lines are not written', () => {
  expect(startTiming(logger(false))).toBeUndefined();
  expect(startTiming(logger(true))).toMatchObject({ ms: {} });
});

test('the line rounds to hundredths of a ms and counts the wait behind the commit before', () => {
  const l = logger(true);
  const msg = (offset: string): InMessage => ({
    topic: 't',
    partition: 3,
    offset,
    key: null,
    value: null,
    headers: {},
    fetchedAt: 900,
  });
  logTimed(
    l,
    [msg('7'), msg('8'), msg('9')],
    { startedAt: 1_000, computedAt: 1_010, ms: { decode: 0.123456, encode: 2 } },
    { startedAt: 1_015, produceMs: 1.006, commitMs: 4.5 },
  );
  const [[event, f]] = l.lines as [[string, Record<string, unknown>]];
  expect(event).toBe('chunk.timed');
  expect(f).toEqual({
    topic: 't',
    partition: 3,
    firstOffset: '7',
    lastOffset: '9',
    count: 3,
    fetchedAt: 900,
    startedAt: 1_000,
    decodeMs: 0.12,
    encodeMs: 2,
    queuedMs: 5,
    produceMs: 1.01,
    commitMs: 4.5,
    committedAt: expect.any(Number),
  });
});
