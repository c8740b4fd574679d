// The contact worker process: wiring only. Each step opens one thing and registers
// how to close it; shutdown closes them in reverse (runtime/main-helper).
import { MongoClient } from 'mongodb';
import { createLogger, registryCodec, runMain, Worker } from '@workers/runtime';
import { loadContactConfig } from './config';
import { createHandlers } from './handlers';
import { contactRoutes } from './routes';
import { mongoStores } from './store/mongo-stores';

const SERVICE = 'contact-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration and the e-mail keys, checked before anything is opened
  const { config, crypto } = loadContactConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. database (no useBigInt64: contact versions are Avro longs read as numbers)
  const mongo = await MongoClient.connect(config.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 });
  life.closes('mongodb', () => mongo.close());
  const db = mongo.db(config.MONGODB_DB);

  // 3. stores and handlers
  const { contacts, accounts } = await mongoStores(db);
  const handlers = createHandlers({ contacts, accounts, crypto, clock: { now: () => Date.now() }, eventTopic: config.CONTACT_EVENT_TOPIC });

  // 4. routes and the runtime
  const routes = contactRoutes({
    contactRequests: config.CONTACT_REQUEST_TOPIC, contactReplies: config.CONTACT_REPLY_TOPIC,
    accountRequests: config.ACCOUNT_REQUEST_TOPIC, accountReplies: config.ACCOUNT_REPLY_TOPIC,
    events: config.CONTACT_EVENT_TOPIC,
  }, handlers);
  const codec = registryCodec({ url: config.SCHEMA_REGISTRY_URL, username: config.SCHEMA_REGISTRY_USERNAME, password: config.SCHEMA_REGISTRY_PASSWORD });
  const worker = new Worker({ service: SERVICE, config, routes, db, codec, logger });
  life.closes('worker', () => worker.stop());
  await worker.start();
});
