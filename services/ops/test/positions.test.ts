import { OpsError } from '../src/exit';
import { parseOffsetArgs, parseSince, startOffsets, startSpec, type Bounds } from '../src/positions';

const bounds = new Map<number, Bounds>([
  [0, { low: 0n, high: 10n }],
  [1, { low: 5n, high: 7n }],
  [2, { low: 3n, high: 3n }],
]);
const usage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof OpsError && err.code === 2) return err.lines.join('\n');
    throw err;
  }
  throw new Error('no usage error');
};

describe('offset arguments', () => {
  it('reads <n>, <p>:<n>, repeated and comma-separated', () => {
    expect(parseOffsetArgs(['5'])).toEqual([{ offset: 5n }]);
    expect(parseOffsetArgs(['0:5,2:9', '1:0'])).toEqual([
      { partition: 0, offset: 5n },
      { partition: 2, offset: 9n },
      { partition: 1, offset: 0n },
    ]);
  });

  it.each(['', '-1', 'a', '1:', ':2', '1:2:3', '1.5'])('refuses %p with a usage error', (text) => {
    expect(usage(() => parseOffsetArgs([text]))).toMatch(/expected <offset> or <partition>:<offset>/);
  });
});

describe('--since', () => {
  it('takes ISO-8601 with a zone', () => {
    expect(parseSince('2025-01-31T09:00:00Z')).toBe(Date.UTC(2025, 0, 31, 9));
    expect(parseSince('2025-01-31T18:00:00+09:00')).toBe(Date.UTC(2025, 0, 31, 9));
    expect(parseSince('2025-01-31T09:00:00.250Z')).toBe(Date.UTC(2025, 0, 31, 9, 0, 0, 250));
  });

  it.each(['2025-01-31', '2025-01-31T09:00:00', 'yesterday', '1738314000000'])(
    'refuses %p (no zone, no time, not ISO)',
    (text) => {
      expect(usage(() => parseSince(text))).toMatch(/ISO-8601 time with a zone/);
    },
  );
});

describe('where a read starts', () => {
  it('allows one way of choosing', () => {
    expect(startSpec({})).toEqual({ kind: 'latest' });
    expect(startSpec({ fromBeginning: true, offset: [] })).toEqual({ kind: 'beginning' });
    expect(usage(() => startSpec({ fromBeginning: true, since: '2025-01-31T09:00:00Z' }))).toBe(
      '--from-beginning, --since: choose one',
    );
    expect(usage(() => startSpec({ offset: ['1'], since: '2025-01-31T09:00:00Z' }))).toBe(
      '--offset, --since: choose one',
    );
  });

  it('latest, beginning and a time, per partition', () => {
    expect(startOffsets({ kind: 'latest' }, bounds)).toEqual(
      new Map([
        [0, 10n],
        [1, 7n],
        [2, 3n],
      ]),
    );
    expect(startOffsets({ kind: 'beginning' }, bounds)).toEqual(
      new Map([
        [0, 0n],
        [1, 5n],
        [2, 3n],
      ]),
    );
    expect(startOffsets({ kind: 'since', timestamp: 1 }, bounds, new Map([[0, 4n]]))).toEqual(
      new Map([
        [0, 4n],
        [1, 7n],
        [2, 3n],
      ]),
    );
  });

  it('offsets: one for all, own ones first, others not read; kept within the log', () => {
    expect(startOffsets({ kind: 'offsets', offsets: [{ offset: 6n }] }, bounds)).toEqual(
      new Map([
        [0, 6n],
        [1, 6n],
        [2, 3n],
      ]),
    );
    expect(
      startOffsets(
        {
          kind: 'offsets',
          offsets: [
            { partition: 0, offset: 2n },
            { partition: 1, offset: 99n },
          ],
        },
        bounds,
      ),
    ).toEqual(
      new Map([
        [0, 2n],
        [1, 7n],
      ]),
    );
    expect(startOffsets({ kind: 'offsets', offsets: [{ offset: 1n }, { partition: 0, offset: 8n }] }, bounds)).toEqual(
      new Map([
        [0, 8n],
        [1, 5n],
        [2, 3n],
      ]),
    );
    expect(usage(() => startOffsets({ kind: 'offsets', offsets: [{ partition: 7, offset: 1n }] }, bounds))).toBe(
      '--offset: no partition 7 (the topic has 3)',
    );
  });
});
