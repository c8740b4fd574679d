// Each message's wait, from its producer's timestamp to its chunk's start, is observed as the
// step `wait` of its topic, and, when the transport says when it handed the batch over, the
// part of it up to then as the step `fetch`; a message without a timestamp is skipped, one
// stamped ahead of our clock counts as 0.
import { observeWait } from '../../src/engine/wait';
import type { InMessage } from '../../src/transport';

const msg = (offset: string, producedAt?: number, fetchedAt?: number): InMessage => ({
  topic: 't',
  partition: 0,
  offset,
  key: null,
  value: null,
  headers: {},
  ...(producedAt === undefined ? {} : { producedAt }),
  ...(fetchedAt === undefined ? {} : { fetchedAt }),
});

test('waits are observed per message, in seconds, never below 0', () => {
  const seen: [Record<string, string>, number][] = [];
  const metrics = { step: { observe: (l: Record<string, string>, v: number) => void seen.push([l, v]) } };
  observeWait(
    [msg('0', 1_000), msg('1'), msg('2', 1_750), msg('3', 2_500), msg('4', Number.NaN)],
    metrics as never,
    2_000,
  );
  expect(seen).toEqual([
    [{ topic: 't', step: 'wait' }, 1],
    [{ topic: 't', step: 'wait' }, 0.25],
    [{ topic: 't', step: 'wait' }, 0],
  ]);
});

test('the fetch is observed up to the batch handed over, before the wait of the same message', () => {
  const seen: [Record<string, string>, number][] = [];
  const metrics = { step: { observe: (l: Record<string, string>, v: number) => void seen.push([l, v]) } };
  observeWait([msg('0', 1_000, 1_200), msg('1', undefined, 1_200), msg('2', 1_300, 1_200)], metrics as never, 2_000);
  expect(seen).toEqual([
    [{ topic: 't', step: 'fetch' }, 0.2],
    [{ topic: 't', step: 'wait' }, 1],
    [{ topic: 't', step: 'fetch' }, 0],
    [{ topic: 't', step: 'wait' }, 0.7],
  ]);
});
