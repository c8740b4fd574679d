// A worker given the keys docker-compose.yml once published, with NODE_ENV=production,
// exits 1 within seconds, naming the variables, before it opens any connection (it ran
// until killed before issue 30). Needs no server: it must stop before reaching one.
import { PUBLISHED_KEYS } from '@workers/runtime';
import { WorkerProcess } from '../../support/worker-process';

const [DEMO_KEY, DEMO_HASH_KEY] = PUBLISHED_KEYS as [string, string];
const ENV = {
  NODE_ENV: 'production',
  EMAIL_KEY: DEMO_KEY,
  EMAIL_HASH_KEY: DEMO_HASH_KEY,
  // Nothing listens there: a worker that got past its checks would hang on them, not exit at once.
  KAFKA_BROKERS: '127.0.0.1:1',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=60000',
  SMTP_URL: 'smtp://127.0.0.1:1',
  MAIL_FROM: 'noreply@example.jp',
  MYPAGE_URL: 'https://mypage.example.jp/',
};

test.each(['contact-worker', 'mail-worker'])(
  '%s: NODE_ENV=production with the published demo keys → exit 1 naming them',
  async (service) => {
    const started = Date.now();
    const w = WorkerProcess.start(service, ENV);
    const killer = setTimeout(() => void w.stop('SIGKILL'), 20_000);
    const exit = await w.exited;
    clearTimeout(killer);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(Date.now() - started).toBeLessThan(20_000);
    const stderr = w.stderr.join('');
    expect(stderr).toMatch(/EMAIL_KEY: a key this repository publishes/);
    expect(stderr).toMatch(/EMAIL_HASH_KEY: a key this repository publishes/);
    expect(stderr).not.toContain(DEMO_KEY);
    expect(w.lines.join('')).not.toContain('worker.starting');
  },
  30_000,
);
