// kafkajs log entries reach our logger under the fixed event `kafka.client`. Error means
// someone must act: a rebalance is info; a coordinator or leader that moved, a broker
// restarting, a retried request are warn (read from kafkajs's own table of retriable
// errors); the routine CONCURRENT_TRANSACTIONS retry is debug; anything else at ERROR
// stays error.
import { logLevel } from 'kafkajs';
import { kafkaLevel, kafkaLogCreator, REJOIN_MESSAGES, RETRIABLE_MESSAGES } from '../src/kafka-log';
import type { Logger } from '../src/logger';

function capture(): { logger: Logger; lines: [string, string, Record<string, unknown> | undefined][] } {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (lvl: string) => (event: string, fields?: Record<string, unknown>) =>
    void lines.push([lvl, event, fields]);
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as Logger };
}

const entry = (level: logLevel, message: string, error?: string) => ({
  namespace: 'Producer',
  level,
  label: 'x',
  log: { timestamp: '', message, error, broker: 'b:1', retryCount: 0 },
});

it('maps levels and demotes the routine concurrent-transaction retry', () => {
  const { logger, lines } = capture();
  const log = kafkaLogCreator(logger)(logLevel.WARN);
  log(
    entry(
      logLevel.ERROR,
      '[Connection] Response AddPartitionsToTxn',
      'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    ),
  );
  log(entry(logLevel.ERROR, '[Connection] Connection error', 'connect ECONNREFUSED'));
  log(entry(logLevel.WARN, '[Consumer] rebalancing'));
  log(entry(logLevel.ERROR, '[Consumer] Crash: KafkaJSNonRetriableError', 'Topic authorization failed'));
  expect(lines.map(([lvl, event]) => `${lvl} ${event}`)).toEqual([
    'debug kafka.client',
    'warn kafka.client',
    'warn kafka.client',
    'error kafka.client',
  ]);
  expect(lines[1]?.[2]).toEqual({
    message: '[Connection] Connection error',
    error: 'connect ECONNREFUSED',
    broker: 'b:1',
    retryCount: 0,
  });
});

it("reads kafkajs's own table: the retriable messages and the rejoin answers", () => {
  expect(REJOIN_MESSAGES).toContain('The group is rebalancing, so a rejoin is needed');
  expect(REJOIN_MESSAGES).toContain('The coordinator is not aware of this member');
  expect(RETRIABLE_MESSAGES).toContain('This is not the correct coordinator for this group');
  expect(RETRIABLE_MESSAGES).toContain('The group coordinator is not available');
  expect(RETRIABLE_MESSAGES).toContain("The coordinator is loading and hence can't process requests for this group");
  expect(RETRIABLE_MESSAGES).toContain('This server is not the leader for that topic-partition');
  expect(RETRIABLE_MESSAGES.size).toBeGreaterThan(20);
  expect(RETRIABLE_MESSAGES).not.toContain('Not authorized to access topics: [Topic authorization failed]');
});

describe('kafkaLevel', () => {
  const E = logLevel.ERROR;
  it.each([
    ['[Runner] The group is rebalancing, re-joining', 'The group is rebalancing, so a rejoin is needed', 'info'],
    ['[Connection] Response Heartbeat(key: 12, version: 3)', 'The group is rebalancing, so a rejoin is needed', 'info'],
    ['[Connection] Response JoinGroup(key: 11, version: 5)', 'The coordinator is not aware of this member', 'info'],
    ['[Connection] Response Heartbeat(key: 12, version: 3)', 'Specified group generation id is not valid', 'info'],
    ['[Connection] Response FindCoordinator', 'The group coordinator is not available', 'warn'],
    ['[Connection] Response OffsetCommit', 'This is not the correct coordinator for this group', 'warn'],
    [
      '[Connection] Response JoinGroup',
      "The coordinator is loading and hence can't process requests for this group",
      'warn',
    ],
    ['[Connection] Response Produce', 'This server is not the leader for that topic-partition', 'warn'],
    [
      '[Connection] Response Metadata',
      'There is no leader for this topic-partition as we are in the middle of a leadership election',
      'warn',
    ],
    [
      '[Connection] Response Produce',
      'Messages are rejected since there are fewer in-sync replicas than required',
      'warn',
    ],
    [
      '[Connection] Connection error: connect ECONNREFUSED 127.0.0.1:9092',
      'connect ECONNREFUSED 127.0.0.1:9092',
      'warn',
    ],
    ['[Connection] Connection timeout', 'Connection timeout', 'warn'],
    ['[Connection] Request Fetch(key: 1, version: 11)', 'Closed connection', 'warn'],
    [
      '[BrokerPool] Failed to connect to seed broker, trying another broker from the list',
      'Connection timeout',
      'warn',
    ],
    [
      '[Connection] Response EndTxn',
      "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
      'warn',
    ],
    [
      '[Consumer] Crash: KafkaJSNonRetriableError',
      'Not authorized to access topics: [Topic authorization failed]',
      'error',
    ],
    ['[Connection] Response SaslAuthenticate', 'SASL Authentication failed', 'error'],
    // The runner restarting the consumer after a retriable crash (a broker went away) heals by itself.
    ['Restarting the consumer in 5000ms', '', 'warn'],
    ['[Producer] something new', 'The server experienced an unexpected error when processing the request', 'error'],
  ])('%s / %s → %s', (message, error, expected) => {
    expect(kafkaLevel(E, message, error)).toBe(expected);
  });

  it('keeps the level of entries below ERROR (warn stays warn, info and debug go to debug)', () => {
    expect(kafkaLevel(logLevel.WARN, 'x')).toBe('warn');
    expect(kafkaLevel(logLevel.INFO, 'x')).toBe('debug');
    expect(kafkaLevel(logLevel.DEBUG, 'x')).toBe('debug');
  });
});
