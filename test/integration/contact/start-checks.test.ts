// Guarantee: the contact worker refuses to start without usable e-mail keys — a
// missing or malformed key stops it at once (exit 1) with a message naming the
// variable, before it opens any connection.
import { WorkerProcess } from '../../support/worker-process';
import { TEST_KEYS } from '../../support/contact-fixture';

test.each<[string, Record<string, string>, RegExp]>([
  ['no EMAIL_KEY', { EMAIL_KEY: '', EMAIL_HASH_KEY: TEST_KEYS.EMAIL_HASH_KEY }, /EMAIL_KEY is missing/],
  [
    'a 16-byte EMAIL_KEY',
    { EMAIL_KEY: Buffer.alloc(16, 1).toString('base64'), EMAIL_HASH_KEY: TEST_KEYS.EMAIL_HASH_KEY },
    /EMAIL_KEY is malformed: it must be 32 bytes/,
  ],
  ['no EMAIL_HASH_KEY', { EMAIL_KEY: TEST_KEYS.EMAIL_KEY, EMAIL_HASH_KEY: '' }, /EMAIL_HASH_KEY is missing/],
])('%s → exit 1 naming it', async (_what, keys, message) => {
  const w = WorkerProcess.start('contact-worker', { ...keys, KAFKA_BROKERS: '127.0.0.1:1' });
  const exit = await w.exited;
  expect(exit.code).toBe(1);
  expect(w.stderr.join('')).toMatch(message);
  expect(w.lines.join('')).not.toContain('worker.starting');
});
