// Guarantee: under a worker SIGKILLed mid-stream and a process joining and leaving
// its group, two processes per worker answer every request (same answer to the same
// question, the codes a fault-free run gives), apply every effect once, mail each
// approved contact's customer once, leave no lag and exit 0 on SIGTERM.
import { misses, reliabilityRun, figureValue } from '../../support/reliability-run';

test('short chaos run: 2,000 requests, 2 processes per worker, 1 SIGKILL, 1 join/leave', async () => {
  const r = await reliabilityRun('chaos', [
    'run',
    '--requests',
    '2000',
    '--processes',
    '2',
    '--kills',
    '1',
    '--cycles',
    '1',
    '--outage-ms',
    '0',
    '--rate',
    '400',
  ]);
  expect(misses(r)).toEqual([]);
  expect(r.code).toBe(0);
  expect(figureValue(r, 'requests answered')).toMatch(/^([\d,]+) of \1$/);
  expect(figureValue(r, 'SIGKILLs after')).toBe('1');
  expect(figureValue(r, 'join/leave cycles')).toBe('1');
  expect(figureValue(r, 'expected mails received')).toMatch(/^([1-9][\d,]*) of \1$/);
  expect(figureValue(r, 'cards: changed as often')).toMatch(/^([1-9][\d,]*) of \1$/);
}, 180_000);
