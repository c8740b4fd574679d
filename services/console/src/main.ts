// The operator console process: wiring only. Each step opens one thing and registers
// how to close it; SIGTERM closes them in reverse (runtime's runMain). Prints its
// address on stderr once it listens.
import '@workers/runtime/produce-fix';
import { MongoClient } from 'mongodb';
import { kafkaSettings, valueCodec } from '@workers/ops';
import { kafkaClient, runMain } from '@workers/runtime';
import { loadConsoleConfig } from './config';
import { topology } from './domain/topology';
import { consoleServer } from './http/server';
import { ClusterOffsets } from './kafka/offsets';
import { TopicIndex } from './kafka/topic-index';
import { createConsoleLogger } from './logger';
import { lowerPriority } from './priority';
import { consoleRoutes } from './routes';
import { loadContract } from './store/contract';

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

runMain('console', async (life) => {
  // 1. configuration and the contract file, checked before anything is opened
  const { config, crypto } = loadConsoleConfig(process.env);
  const contract = loadContract(config.CONSOLE_CONTRACT_FILE);
  const logger = createConsoleLogger(config.LOG_LEVEL);
  logger.info('console.starting');
  lowerPriority(config.CONSOLE_NICE, logger);
  life.closes('log line', () => logger.info('console.stopped'));

  // 2. database (the workers' own)
  const mongo = await MongoClient.connect(config.ops.MONGODB_URI ?? '', { serverSelectionTimeoutMS: 10_000 });
  life.closes('mongodb', () => mongo.close());
  const db = mongo.db(config.ops.MONGODB_DB);

  // 3. Kafka (the runtime's client, retrying as a long-running process does): the offsets
  //    the overview reads, and the index the trace and DLQ pages read (it reads nothing
  //    until one of them is asked for, and pauses when nobody asked for a while)
  const kafka = kafkaClient(kafkaSettings(config.ops), config.ops.KAFKA_CLIENT_ID ?? 'console');
  const topics = topology(config.CONSOLE_TOPIC_PREFIX);
  const offsets = new ClusterOffsets(kafka);
  life.closes('kafka admin', () => offsets.close());
  const index = new TopicIndex(
    kafka,
    valueCodec(config.ops),
    {
      topics: topics.topics.map((t) => t.name),
      messages: config.CONSOLE_INDEX_LIMIT,
      bytes: config.CONSOLE_INDEX_BYTES,
      idleMs: config.CONSOLE_INDEX_IDLE_MS,
    },
    logger,
  );
  life.closes('topic index', () => index.stop());

  // 4. the HTTP server
  let port = config.CONSOLE_PORT;
  const hosts = (): Set<string> | null =>
    WILDCARD.has(config.CONSOLE_HOST)
      ? null
      : new Set([config.CONSOLE_HOST, '127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`.toLowerCase()));
  const server = consoleServer(
    { config, topology: topics, kafka, index, offsets, db, crypto, contract, logger },
    consoleRoutes,
    hosts,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.CONSOLE_PORT, config.CONSOLE_HOST, () => resolve());
  });
  life.closes(
    'http server',
    () =>
      new Promise<void>((resolve) => {
        logger.info('console.stopping');
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  const host =
    config.CONSOLE_HOST.includes(':') && !config.CONSOLE_HOST.startsWith('[')
      ? `[${config.CONSOLE_HOST}]`
      : config.CONSOLE_HOST;
  const url = `http://${WILDCARD.has(config.CONSOLE_HOST) ? '127.0.0.1' : host}:${port}/`;
  logger.info('console.started', {
    url,
    authenticated: !!config.CONSOLE_TOKEN,
    reveal: !!crypto,
    topicPrefix: config.CONSOLE_TOPIC_PREFIX,
    groupPrefix: config.CONSOLE_GROUP_PREFIX,
  });
  process.stderr.write(
    `console: ${url} (${config.CONSOLE_TOKEN ? `sign in at ${url}login with CONSOLE_TOKEN` : 'no CONSOLE_TOKEN: open to this machine only, read-only'})\n`,
  );
});
