// kafkajs's own log lines, through our logger (one JSON format per worker, on stdout,
// with the fixed event name `kafka.client`) instead of its console writer on stderr.
//
// kafkajs logs at ERROR much that heals by itself: a rebalance ("The group is
// rebalancing, so a rejoin is needed"), a coordinator or a partition leader that moved,
// a broker that restarts (refused or closed connections, timeouts), each retried.
// Error means someone must act, so such lines are demoted, judged by kafkajs's own
// table of protocol errors (every code it marks `retriable`, read from
// kafkajs/src/protocol/error.js at load time, not a hand list), the group's rejoin
// answers, and the socket-level failures of a broker going away:
// - the group's rejoin answers: info (a rebalance is ordinary);
// - retriable protocol errors and connection failures: warn;
// - CONCURRENT_TRANSACTIONS: debug (right after a commit the broker answers the next
//   transaction so until its markers are written, and the producer retries it at once;
//   it would fill the log on every busy second);
// - anything else at ERROR stays error.
import './produce-fix';
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from './logger';

interface KafkaErrorCode {
  type: string;
  retriable: boolean;
  message: string;
}

// kafkajs exports no types for this file; its shape is checked by kafka-log.test.ts.
const { errorCodes } = require('kafkajs/src/protocol/error') as { errorCodes: KafkaErrorCode[] };

/**
 * The group's answers that mean "rejoin": a rebalance, or a member or generation the
 * coordinator moved past (kafkajs's isRebalancing, plus the join protocol's own; a
 * coordinator that moved is retriable, hence warn).
 */
const REJOIN_TYPES = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'MEMBER_ID_REQUIRED',
]);

/** An older producer fenced by a newer one of the same transactional id: the rebalance's zombie fencing working. */
const FENCING_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'TRANSACTION_COORDINATOR_FENCED']);

const messagesOf = (keep: (e: KafkaErrorCode) => boolean): Set<string> =>
  new Set(errorCodes.filter(keep).map((e) => e.message));

export const REJOIN_MESSAGES = messagesOf((e) => REJOIN_TYPES.has(e.type));
export const RETRIABLE_MESSAGES = messagesOf((e) => e.retriable || FENCING_TYPES.has(e.type));

/** A broker going away or not there yet: kafkajs's connection errors and Node's socket codes. */
const CONNECTION =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Connection timeout|Connection error|Closed connection|Connection closed|socket hang up|Broker not connected|Request .* timed out|Failed to connect|No broker available|KafkaJSConnection/i;

const ROUTINE = /another concurrent operation on the same transaction/;

/**
 * The consumer restarting itself after a crash kafkajs judged retriable (its runner
 * logs this at ERROR only on the restart path; a crash it does not restart from stops
 * the consumer, and the worker fails on that, at error): it heals by itself, so warn.
 */
const SELF_RESTART = /^Restarting the consumer in \d+ms$/;

export type KafkaLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Our level for a kafkajs entry at `level` with `message` and `error` (the error's message). */
export function kafkaLevel(level: logLevel, message = '', error = ''): KafkaLogLevel {
  const text = `${message} ${error}`;
  if (ROUTINE.test(text)) return 'debug';
  if (level !== logLevel.ERROR && level !== logLevel.NOTHING) return level === logLevel.WARN ? 'warn' : 'debug';
  const known = (set: Set<string>): boolean =>
    set.has(error) || set.has(message) || [...set].some((m) => text.includes(m));
  if (known(REJOIN_MESSAGES)) return 'info';
  if (SELF_RESTART.test(message)) return 'warn';
  if (known(RETRIABLE_MESSAGES) || CONNECTION.test(text)) return 'warn';
  return 'error';
}

export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, error, broker, retryCount } = log as {
        message?: string;
        error?: string;
        broker?: string;
        retryCount?: number;
      };
      logger[kafkaLevel(level, message, error)]('kafka.client', { message, error, broker, retryCount });
    };
}
