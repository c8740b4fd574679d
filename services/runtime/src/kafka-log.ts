// kafkajs's own log lines, through our logger (one JSON format per worker, on stdout,
// with the fixed event name `kafka.client`) instead of its console writer on stderr.
// CONCURRENT_TRANSACTIONS is demoted to debug: right after a commit the broker answers
// the next transaction so until its markers are written, and the producer retries it
// at once (transport.ts); at ERROR it would fill the log on every busy second.
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from './logger';

const ROUTINE = /another concurrent operation on the same transaction/;

export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, error, broker, retryCount } = log as {
        message?: string;
        error?: string;
        broker?: string;
        retryCount?: number;
      };
      const fields = { message, error, broker, retryCount };
      if (ROUTINE.test(`${message ?? ''} ${error ?? ''}`)) return logger.debug('kafka.client', fields);
      if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error('kafka.client', fields);
      else if (level === logLevel.WARN) logger.warn('kafka.client', fields);
      else logger.debug('kafka.client', fields);
    };
}
