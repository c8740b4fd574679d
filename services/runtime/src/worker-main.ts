// The steps every worker's main.ts takes the same way, each registering what it opens
// with the process lifecycle (main-helper.ts) so shutdown closes it in reverse.
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import type { BaseConfig } from './config';
import type { Logger } from './logger';
import type { Lifecycle } from './main-helper';
import { watchMongoMonitors } from './store/mongo-monitor';
import { mongoProbe } from './store/mongo-probe';
import { mongoProcessedStore } from './store/mongo-processed';
import { Worker, type WorkerOptions } from './worker';
import { workerIo } from './worker-io';

/**
 * How long a database call may wait for its answer on an open connection (unless the URI
 * sets socketTimeoutMS). The driver's default is no limit: a network that drops packets
 * without closing anything (a black hole, a half-open connection after a failover) would
 * hang the partition's call, and so the partition, for good. Past this the driver closes
 * the connection and raises MongoNetworkTimeoutError, a transient failure the runtime
 * retries with backoff. Every call of ours is a bounded batch; the slowest seen take
 * well under a second, so 15 s is never a healthy call.
 */
export const MONGO_SOCKET_TIMEOUT_MS = 15_000;

/** Connects to MONGODB_URI and opens MONGODB_DB; the client and its monitor watch close at shutdown. */
export async function openDatabase(
  life: Lifecycle,
  config: BaseConfig,
  logger: Logger,
  options: MongoClientOptions = {},
): Promise<Db> {
  const inUri = /[?&]socketTimeoutMS=/i.test(config.MONGODB_URI);
  const mongo = await MongoClient.connect(config.MONGODB_URI, {
    ...(inUri ? {} : { socketTimeoutMS: MONGO_SOCKET_TIMEOUT_MS }),
    ...options,
    serverSelectionTimeoutMS: 10_000,
  });
  life.closes('mongodb', () => mongo.close());
  life.closes('mongodb monitor watch', watchMongoMonitors(mongo, logger));
  return mongo.db(config.MONGODB_DB);
}

/**
 * Starts the Kafka worker over the registry codec and Kafka transport (workerIo), its
 * processed requests recorded in `db`; it stops at shutdown, and a consumer that stopped
 * for good fails the process. A write to `db` is its dependency probe (store/mongo-probe.ts),
 * beside any the worker adds in `o.probes`.
 */
export async function startWorker(
  life: Lifecycle,
  db: Db,
  o: Omit<WorkerOptions, 'transport' | 'codec' | 'processed' | 'onFatal'>,
): Promise<Worker> {
  const processed = await mongoProcessedStore(db);
  const { codec, transport } = workerIo(o.service, o.config, o.logger);
  const probes = [mongoProbe(db, `${o.service}:${o.config.INSTANCE_ID}:${process.pid}`), ...(o.probes ?? [])];
  const worker = new Worker({
    ...o,
    transport,
    codec,
    processed,
    probes,
    onFatal: (err) => life.fail('kafka consumer', err),
  });
  life.closes('worker', () => worker.stop());
  await worker.start();
  return worker;
}
