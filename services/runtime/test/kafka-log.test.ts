// kafkajs log entries reach our logger under the fixed event `kafka.client`, at their
// own level, except the routine CONCURRENT_TRANSACTIONS retry, which is debug.
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from '../src/kafka-log';
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
  expect(lines.map(([lvl, event]) => `${lvl} ${event}`)).toEqual([
    'debug kafka.client',
    'error kafka.client',
    'warn kafka.client',
  ]);
  expect(lines[1]?.[2]).toEqual({
    message: '[Connection] Connection error',
    error: 'connect ECONNREFUSED',
    broker: 'b:1',
    retryCount: 0,
  });
});
