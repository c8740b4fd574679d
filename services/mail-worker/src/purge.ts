// Retention of the mail records (MAIL_RECORD_RETENTION_DAYS): every record carries
// `expiresAt`. Where the database enforces TTL indexes it removes them; where it does
// not (FerretDB v1), this loop deletes the expired ones every MAIL_PURGE_INTERVAL_MS,
// first right after start. A failed purge is logged and tried again at the next tick.
// Purging never re-opens a mail: the contact record keeps that its mail was settled.
import type { MailLogger } from './names';

export interface Purgeable {
  name: string;
  purgeExpired(now: number): Promise<number>;
}

export interface PurgeLoop {
  stop(): Promise<void>;
}

export function startPurge(targets: Purgeable[], intervalMs: number, now: () => number, logger: MailLogger): PurgeLoop {
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = (async () => {
      for (const t of targets) {
        try {
          const deleted = await t.purgeExpired(now());
          if (deleted > 0) logger.info('mail.records_purged', { collection: t.name, deleted });
        } catch (err) {
          logger.warn('dispatcher.failed', {
            step: `purge ${t.name}`,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
    })();
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
