// The purge loop: it purges every target at once and then every interval, logs what
// it removed under a fixed event name, and survives a failing target.
import { createLogger, type LogEvent } from '@workers/runtime';
import type { MailLogEvent } from '../../src/names';
import { startPurge } from '../../src/purge';

const logger = createLogger<LogEvent | MailLogEvent>({ service: 'test', level: 'silent' });

it('purges at start and on every tick, and keeps going after a failure', async () => {
  const calls: string[] = [];
  let fail = true;
  const info = jest.spyOn(logger, 'info');
  const warn = jest.spyOn(logger, 'warn');
  const loop = startPurge(
    [
      {
        name: 'a',
        purgeExpired: async (now) => {
          calls.push(`a@${now}`);
          return 2;
        },
      },
      {
        name: 'b',
        purgeExpired: async () => {
          calls.push('b');
          if (fail) throw new Error('down');
          return 0;
        },
      },
    ],
    30,
    () => 7,
    logger,
  );
  await new Promise((r) => setTimeout(r, 10));
  expect(calls).toEqual(['a@7', 'b']);
  expect(warn).toHaveBeenCalledWith('dispatcher.failed', { step: 'purge b', error: 'down' });
  fail = false;
  await new Promise((r) => setTimeout(r, 45));
  await loop.stop();
  expect(calls.slice(2, 4)).toEqual(['a@7', 'b']);
  expect(info).toHaveBeenCalledWith('mail.records_purged', { collection: 'a', deleted: 2 });
  expect(info).not.toHaveBeenCalledWith('mail.records_purged', expect.objectContaining({ collection: 'b' }));
  const after = calls.length;
  await new Promise((r) => setTimeout(r, 50));
  expect(calls).toHaveLength(after);
});
