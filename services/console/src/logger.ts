// The console's pino JSON log. Events come from one fixed list (a test fails on any
// other); a line carries ids, paths without their query string, and counts, never a
// message value, an address or a revealed field. REDACT_PATHS is the second fence.
import pino from 'pino';
import { REDACT_PATHS } from '@workers/runtime';

export const CONSOLE_LOG_EVENTS = [
  'console.starting', 'console.started', 'console.stopping', 'console.stopped',
  'console.request', 'console.failed', 'console.denied',
  'console.replayed', 'console.revealed',
  'index.caught_up', 'index.failed',
] as const;
export type ConsoleLogEvent = (typeof CONSOLE_LOG_EVENTS)[number];

export interface ConsoleLogger {
  info(event: ConsoleLogEvent, fields?: Record<string, unknown>): void;
  warn(event: ConsoleLogEvent, fields?: Record<string, unknown>): void;
  error(event: ConsoleLogEvent, fields?: Record<string, unknown>): void;
  debug(event: ConsoleLogEvent, fields?: Record<string, unknown>): void;
}

export function createConsoleLogger(level: string, destination?: pino.DestinationStream): ConsoleLogger {
  const base = pino({ level, base: { service: 'console' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
  const at = (lvl: 'info' | 'warn' | 'error' | 'debug') => (event: ConsoleLogEvent, fields: Record<string, unknown> = {}): void => {
    base[lvl]({ ...fields, event });
  };
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
