// Guarantee: hostile messages on the request topics — bytes that are no request,
// lying schema ids, ids and headers out of bounds, forbidden reply-topic headers,
// strings rules refuse, decimals past their precision — are each answered
// MalformedRequest/ValidationFailed on the route's own reply topic or dead-lettered;
// nothing else is written anywhere, the workers stay up and ready, valid requests
// after them are answered, and no log line is unbounded or carries personal data.
import { misses, reliabilityRun, figureValue } from '../../support/reliability-run';

test('short fuzz run: 500 hostile messages, then valid requests', async () => {
  // On three brokers behind Toxiproxy the run takes about a minute on a quiet machine; the bound
  // leaves room for a loaded one (its figures, not its time, are the test).
  const r = await reliabilityRun('fuzz', ['--hostile', '500', '--valid', '60', '--processes', '1'], 400_000);
  expect(misses(r)).toEqual([]);
  expect(r.code).toBe(0);
  expect(figureValue(r, 'hostile messages answered')).toBe('500 of 500');
  expect(Number(figureValue(r, 'answered MalformedRequest')?.replace(/,/g, ''))).toBeGreaterThan(0);
  expect(Number(figureValue(r, 'dead-lettered')?.replace(/,/g, ''))).toBeGreaterThan(0);
  expect(figureValue(r, 'valid requests answered')).toBe('60 of 60');
}, 420_000);
