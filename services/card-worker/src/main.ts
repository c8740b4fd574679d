// The card worker process: wiring only. Each step opens one thing and registers
// how to close it; shutdown closes them in reverse (runtime/main-helper).
import { MongoClient } from 'mongodb';
import { createLogger, loadConfig, registryCodec, runMain, Worker } from '@workers/runtime';
import { cardConfigSchema } from './config';
import { createHandlers } from './handlers';
import { cardRoutes } from './routes';
import { mongoCardStore } from './store/mongo-card-store';

const SERVICE = 'card-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration, checked before anything is opened
  const config = loadConfig(cardConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. database
  const mongo = await MongoClient.connect(config.MONGODB_URI, { useBigInt64: true, serverSelectionTimeoutMS: 10_000 });
  life.closes('mongodb', () => mongo.close());
  const db = mongo.db(config.MONGODB_DB);

  // 3. stores and handlers
  const cards = await mongoCardStore(db);
  const handlers = createHandlers({ cards, clock: { now: () => Date.now() } });

  // 4. routes and the runtime
  const routes = cardRoutes({ requests: config.CARD_REQUEST_TOPIC, replies: config.CARD_REPLY_TOPIC }, handlers);
  const codec = registryCodec({ url: config.SCHEMA_REGISTRY_URL, username: config.SCHEMA_REGISTRY_USERNAME, password: config.SCHEMA_REGISTRY_PASSWORD });
  const worker = new Worker({ service: SERVICE, config, routes, db, codec, logger });
  life.closes('worker', () => worker.stop());
  await worker.start();
});
