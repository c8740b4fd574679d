// The card worker process: wiring only. Each step opens one thing and registers
// how to close it; shutdown closes them in reverse (runtime/main-helper).
import { createLogger, mongoEntityStore, openDatabase, runMain, startWorker } from '@workers/runtime';
import { loadCardConfig } from './config';
import { cardRoutes } from './routes';
import { cardPhones } from './store/card-phones';
import { CARDS } from './store/collections';

const SERVICE = 'card-worker';

runMain(SERVICE, async (life) => {
  // 1. configuration and the phone keys, checked before anything is opened
  const { config, crypto } = loadCardConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  logger.info('worker.starting');

  // 2. database and stores (money is int64 minor units: bigint in code)
  const db = await openDatabase(life, config, logger, { useBigInt64: true });
  const cards = db.collection(CARDS);
  await cards.createIndex({ customerId: 1 }, { unique: true });

  // 3. routes, transport and the runtime
  const routes = cardRoutes(
    {
      requests: config.CARD_REQUEST_TOPIC,
      replies: config.CARD_REPLY_TOPIC,
      extraReplies: config.CARD_EXTRA_REPLY_TOPICS,
    },
    { phones: cardPhones(crypto) },
  );
  await startWorker(life, db, {
    service: SERVICE,
    config,
    routes,
    entities: { [CARDS]: mongoEntityStore(cards) },
    logger,
  });
});
