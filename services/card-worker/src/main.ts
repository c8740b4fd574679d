// The card worker process: wiring only. Each step opens one thing and registers
// how to close it; shutdown closes them in reverse (runtime/main-helper).
import { createLogger, loadConfig, mongoEntityStore, openDatabase, runMain, startWorker } from '@workers/runtime';
import { cardConfigSchema } from './config';
import { CARDS, cardRoutes } from './routes';

const SERVICE = 'card-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration, checked before anything is opened
  const config = loadConfig(cardConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. database and stores (money is int64 minor units: bigint in code)
  const db = await openDatabase(life, config, logger, { useBigInt64: true });
  const cards = db.collection(CARDS);
  await cards.createIndex({ customerId: 1 }, { unique: true });

  // 3. routes, transport and the runtime
  const routes = cardRoutes({
    requests: config.CARD_REQUEST_TOPIC,
    replies: config.CARD_REPLY_TOPIC,
    extraReplies: config.CARD_EXTRA_REPLY_TOPICS,
  });
  await startWorker(life, db, {
    service: SERVICE,
    config,
    routes,
    entities: { [CARDS]: mongoEntityStore(cards) },
    logger,
  });
});
