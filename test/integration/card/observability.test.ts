// Guarantee: operators get one log line per request with the agreed fields and
// only names from the fixed lists (log events, metric names) — and no personal
// data: no phone number, PIN HMAC or customer detail ever reaches a log line.
import { LOG_EVENTS, METRIC_NAMES } from '@workers/runtime';
import { CardScenario, PIN, activate, newCardNumber, register } from '../../support/card-fixture';

let s: CardScenario;
beforeAll(async () => {
  s = await CardScenario.open('obs', 1);
});
afterAll(async () => s.close());

test('log lines and metrics use the fixed names; no personal data in logs', async () => {
  const w = await s.startWorker({ LOG_LEVEL: 'debug' });
  const card = newCardNumber();
  await s.send(register('obs-1', card, '+48 605 123 456'));
  await s.send(activate('obs-2', card, '+48605123456'));
  await s.send(activate('obs-3', card, '+48 699 000 111'));
  await s.producer.sendRaw(card, Buffer.from('garbage'), { 'correlation-id': 'obs-4' });
  await s.reply('obs-4');
  const port = Number((await w.waitForLog('worker.started')).metricsPort);
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  await w.stop('SIGTERM');

  const logs = w.logs();
  const processed = logs.filter((l) => l.event === 'request.processed');
  expect(processed.map((l) => l.requestId).sort()).toEqual(['obs-1', 'obs-2', 'obs-3', 'obs-4']);
  for (const l of processed) {
    expect(Object.keys(l)).toEqual(
      expect.arrayContaining(['requestId', 'topic', 'partition', 'offset', 'operation', 'messageCode', 'durationMs']),
    );
  }
  for (const l of logs) expect(LOG_EVENTS).toContain(l.event);

  const emitted = new Set(
    [...metrics.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!).filter((n) => !n.startsWith('worker_process_')),
  );
  for (const n of emitted) expect(METRIC_NAMES).toContain(n);
  expect(metrics).toMatch(/worker_requests_total\{[^}]*code="IncorrectPhoneNumber"[^}]*\} 1/);

  const all = w.lines.join('\n') + w.stderr.join('');
  for (const secret of ['605123456', '605 123 456', '699000111', '699 000 111', PIN]) expect(all).not.toContain(secret);
});
