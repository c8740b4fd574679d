// The contact worker process: wiring only. Each step opens one thing and registers
// how to close it; shutdown closes them in reverse (runtime/main-helper).
import { createLogger, mongoEntityStore, openDatabase, runMain, startWorker } from '@workers/runtime';
import { loadContactConfig } from './config';
import { contactRoutes } from './routes';
import { ACCOUNTS, CONTACTS } from './store/collections';
import { ensureIndexes } from './store/indexes';

const SERVICE = 'contact-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration and the e-mail keys, checked before anything is opened
  const { config, crypto } = loadContactConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. database and stores (no useBigInt64: contact versions are Avro longs read as numbers)
  const db = await openDatabase(life, config, logger);
  await ensureIndexes(db);
  const entities = {
    [CONTACTS]: mongoEntityStore(db.collection(CONTACTS)),
    [ACCOUNTS]: mongoEntityStore(db.collection(ACCOUNTS)),
  };

  // 3. routes, transport and the runtime
  const routes = contactRoutes(
    {
      contactRequests: config.CONTACT_REQUEST_TOPIC,
      contactReplies: config.CONTACT_REPLY_TOPIC,
      accountRequests: config.ACCOUNT_REQUEST_TOPIC,
      accountReplies: config.ACCOUNT_REPLY_TOPIC,
      events: config.CONTACT_EVENT_TOPIC,
    },
    { crypto },
  );
  await startWorker(life, db, { service: SERVICE, config, routes, entities, logger });
});
