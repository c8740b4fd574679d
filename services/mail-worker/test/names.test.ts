// The mail worker's own names: well formed, apart from the runtime's, registered
// exactly, and the only ones its modules log besides the runtime's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_EVENTS, METRIC_NAMES } from '@workers/runtime';
import { Registry } from 'prom-client';
import { MAIL_LOG_EVENTS, MAIL_METRIC_NAMES, MAIL_WORKER_LOG_EVENTS, MailMetrics } from '../src/names';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it("lists well-formed names, none of them the runtime's", () => {
  for (const e of MAIL_LOG_EVENTS) expect(e).toMatch(/^[a-z_]+\.[a-z_]+$/);
  for (const n of MAIL_METRIC_NAMES) expect(n).toMatch(/^mail_[a-z_]+$/);
  expect(MAIL_LOG_EVENTS.filter((e) => (LOG_EVENTS as readonly string[]).includes(e))).toEqual([]);
  expect(MAIL_METRIC_NAMES.filter((n) => (METRIC_NAMES as readonly string[]).includes(n))).toEqual([]);
  expect(new Set(MAIL_WORKER_LOG_EVENTS).size).toBe(MAIL_WORKER_LOG_EVENTS.length);
});

it('MailMetrics registers exactly MAIL_METRIC_NAMES', async () => {
  const registry = new Registry();
  new MailMetrics(registry, { pendingDispatches: async () => 0, smtpUp: () => true });
  expect((await registry.getMetricsAsJSON()).map((m) => m.name).sort()).toEqual([...MAIL_METRIC_NAMES].sort());
});

it("every event the sources log is the runtime's or the mail worker's", () => {
  const logged = sources(join(__dirname, '..', 'src')).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/logger\.(?:info|warn|error|debug)\('([^']+)'/g)].map((m) => m[1]!),
  );
  expect(logged.length).toBeGreaterThan(15);
  expect([...new Set(logged)].filter((e) => !MAIL_WORKER_LOG_EVENTS.includes(e))).toEqual([]);
  expect(logged).toContain('mail.records_purged');
});
