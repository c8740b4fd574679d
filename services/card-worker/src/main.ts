// The card worker process: wiring only. Each step opens one thing and registers
// how to close it; shutdown closes them in reverse (runtime/main-helper).
import { MongoClient } from 'mongodb';
import {
  createLogger,
  loadConfig,
  mongoEntityStore,
  mongoProcessedStore,
  runMain,
  Worker,
  watchMongoMonitors,
  workerIo,
} from '@workers/runtime';
import { cardConfigSchema } from './config';
import { CARDS, cardRoutes } from './routes';

const SERVICE = 'card-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration, checked before anything is opened
  const config = loadConfig(cardConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. database and stores (money is int64 minor units: bigint in code)
  const mongo = await MongoClient.connect(config.MONGODB_URI, { useBigInt64: true, serverSelectionTimeoutMS: 10_000 });
  life.closes('mongodb', () => mongo.close());
  life.closes('mongodb monitor watch', watchMongoMonitors(mongo, logger));
  const db = mongo.db(config.MONGODB_DB);
  const cards = db.collection(CARDS);
  await cards.createIndex({ customerId: 1 }, { unique: true });
  const processed = await mongoProcessedStore(db);

  // 3. routes, transport and the runtime
  const routes = cardRoutes({
    requests: config.CARD_REQUEST_TOPIC,
    replies: config.CARD_REPLY_TOPIC,
    extraReplies: config.CARD_EXTRA_REPLY_TOPICS,
  });
  const { codec, transport } = workerIo(SERVICE, config, logger);
  const worker = new Worker({
    service: SERVICE,
    config,
    routes,
    transport,
    processed,
    entities: { [CARDS]: mongoEntityStore(cards) },
    codec,
    logger,
    onFatal: (err) => life.fail('kafka consumer', err),
  });
  life.closes('worker', () => worker.stop());
  await worker.start();
});
