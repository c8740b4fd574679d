// The mail worker process: wiring only (what the pipeline does: pipeline.ts). Each step
// opens one thing and registers how to close it; shutdown closes them in reverse
// (runtime/main-helper): the dispatcher drains its sends first, then the Kafka worker
// stops, the purge loop ends, then MongoDB, then SMTP.
import { randomBytes } from 'node:crypto';
import { sealedAt } from '@workers/contracts';
import { createLogger, Metrics, openDatabase, runMain, startWorker, type LogEvent } from '@workers/runtime';
import { loadMailConfig } from './config';
import { MailMetrics, type MailLogEvent } from './names';
import { RateLimiter, Slots } from './pacing';
import { runDispatch } from './pipeline';
import { startPurge } from './purge';
import { contactApprovedHandler, mailRoutes } from './routes';
import { nodemailerSender } from './smtp/nodemailer-sender';
import { SmtpLink } from './smtp/sender';
import { Dispatcher } from './stages/claim';
import { mongoAccountReader, mongoContactMailFlags, mongoContactReader } from './store/contacts';
import { DELIVERIES, mongoDeliveryStore } from './store/deliveries';
import { DISPATCHES, mongoDispatchStore } from './store/dispatches';

const SERVICE = 'mail-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration and e-mail keys, checked before anything is opened
  const { config, crypto } = loadMailConfig();
  const logger = createLogger<LogEvent | MailLogEvent>({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. SMTP (pooled; connects on first use)
  const sender = nodemailerSender({
    url: config.SMTP_URL,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    from: config.MAIL_FROM,
    rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
    requireTls: config.SMTP_REQUIRE_TLS,
    maxConnections: config.SMTP_MAX_CONNECTIONS,
    timeoutMs: config.SMTP_TIMEOUT_MS,
  });
  life.closes('smtp', () => sender.close());

  // 3. database and stores
  const db = await openDatabase(life, config, logger);
  const retentionMs = config.MAIL_RECORD_RETENTION_DAYS * 86_400_000;
  const dispatches = await mongoDispatchStore(db, retentionMs);
  const deliveries = await mongoDeliveryStore(db, retentionMs);
  // Retention: TTL indexes where the server enforces them, else a periodic purge.
  const purgeable = [
    { name: DISPATCHES, store: dispatches },
    { name: DELIVERIES, store: deliveries },
  ].filter((p) => p.store.expiry === 'purge-only');
  if (purgeable.length > 0) {
    const purge = startPurge(
      purgeable.map((p) => ({ name: p.name, purgeExpired: (now: number) => p.store.purgeExpired(now) })),
      config.MAIL_PURGE_INTERVAL_MS,
      () => Date.now(),
      logger,
    );
    life.closes('purge', () => purge.stop());
  }

  // 4. the pipeline's dispatcher (started last, after the consumer)
  const metrics = new Metrics(SERVICE);
  const link = new SmtpLink(sender, logger);
  const dispatcher = new Dispatcher(
    {
      dispatches,
      deliveries,
      contacts: mongoContactReader(db),
      accounts: mongoAccountReader(db),
      mailFlags: mongoContactMailFlags(db),
      sender,
      decryptEmail: (e, accountId) => crypto.decrypt(e, sealedAt('accounts', accountId, 'email')),
      limiter: new RateLimiter(
        config.MAIL_RATE_PER_SEC,
        config.MAIL_RATE_BURST ?? Math.max(1, Math.ceil(config.MAIL_RATE_PER_SEC / 10)),
      ),
      slots: new Slots(config.SMTP_MAX_CONNECTIONS),
      link,
      policy: {
        maxAttempts: config.MAIL_MAX_ATTEMPTS,
        baseMs: config.MAIL_RETRY_BASE_MS,
        capMs: config.MAIL_RETRY_MAX_MS,
      },
      settings: {
        locale: config.MAIL_LOCALE,
        myPageUrl: config.MYPAGE_URL,
        messageIdDomain: config.messageIdDomain,
        pageSize: config.MAIL_PAGE_SIZE,
        contactRecheckMs: config.MAIL_CONTACT_RECHECK_MS,
        leaseMs: config.MAIL_LEASE_MS,
      },
      now: () => Date.now(),
      logger,
      metrics: new MailMetrics(metrics.registry, {
        pendingDispatches: () => dispatches.countPending(),
        smtpUp: () => link.up,
      }),
      owner: `${config.INSTANCE_ID}.${randomBytes(4).toString('hex')}`,
    },
    {
      pollMs: config.MAIL_POLL_MS,
      concurrency: config.MAIL_DISPATCH_CONCURRENCY,
      drainMs: config.MAIL_DRAIN_TIMEOUT_MS,
    },
    runDispatch,
  );

  // 5. routes and the runtime: consuming an approval only records its dispatch
  const onApproved = contactApprovedHandler({
    dispatches,
    now: () => Date.now(),
    scheduled: (contactId, dueAt) => {
      logger.info('mail.scheduled', { contactId, dueAt });
      if (dueAt <= Date.now()) dispatcher.wake();
    },
  });
  await startWorker(life, db, {
    service: SERVICE,
    config,
    routes: mailRoutes(config.CONTACT_EVENT_TOPIC, onApproved),
    logger,
    metrics,
    ready: () => dispatcher.ready(),
  });

  // 6. the dispatcher; on shutdown it is the first to stop
  dispatcher.start();
  life.closes('dispatcher', () => dispatcher.stop());
});
