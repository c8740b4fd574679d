// The steps every worker's main.ts takes the same way, each registering what it opens
// with the process lifecycle (main-helper.ts) so shutdown closes it in reverse.
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import type { BaseConfig } from './config';
import type { Logger } from './logger';
import type { Lifecycle } from './main-helper';
import { watchMongoMonitors } from './store/mongo-monitor';
import { mongoProcessedStore } from './store/mongo-processed';
import { Worker, type WorkerOptions } from './worker';
import { workerIo } from './worker-io';

/** Connects to MONGODB_URI and opens MONGODB_DB; the client and its monitor watch close at shutdown. */
export async function openDatabase(
  life: Lifecycle,
  config: BaseConfig,
  logger: Logger,
  options: MongoClientOptions = {},
): Promise<Db> {
  const mongo = await MongoClient.connect(config.MONGODB_URI, { ...options, serverSelectionTimeoutMS: 10_000 });
  life.closes('mongodb', () => mongo.close());
  life.closes('mongodb monitor watch', watchMongoMonitors(mongo, logger));
  return mongo.db(config.MONGODB_DB);
}

/**
 * Starts the Kafka worker over the registry codec and Kafka transport (workerIo), its
 * processed requests recorded in `db`; it stops at shutdown, and a consumer that stopped
 * for good fails the process.
 */
export async function startWorker(
  life: Lifecycle,
  db: Db,
  o: Omit<WorkerOptions, 'transport' | 'codec' | 'processed' | 'onFatal'>,
): Promise<Worker> {
  const processed = await mongoProcessedStore(db);
  const { codec, transport } = workerIo(o.service, o.config, o.logger);
  const worker = new Worker({ ...o, transport, codec, processed, onFatal: (err) => life.fail('kafka consumer', err) });
  life.closes('worker', () => worker.stop());
  await worker.start();
  return worker;
}
