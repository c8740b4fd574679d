// pino JSON logs. Every line carries an `event` from LOG_EVENTS. Personal data
// never reaches a line: the runtime logs ids and codes only, and the redact list
// below is the second fence should a field slip in by mistake.
import pino, { type Logger as PinoLogger } from 'pino';
import type { LogEvent } from './names';

export const REDACT_PATHS = [
  'email', 'phone', 'phoneNumber', 'phoneE164', 'name', 'cardPinHmac', 'personalId',
  '*.email', '*.phone', '*.phoneNumber', '*.phoneE164', '*.name', '*.cardPinHmac', '*.personalId',
  '*.*.email', '*.*.phone', '*.*.phoneNumber', '*.*.phoneE164', '*.*.name', '*.*.cardPinHmac', '*.*.personalId',
  'request', 'value', 'payload',
];

export interface Logger {
  info(event: LogEvent, fields?: Record<string, unknown>): void;
  warn(event: LogEvent, fields?: Record<string, unknown>): void;
  error(event: LogEvent, fields?: Record<string, unknown>): void;
  debug(event: LogEvent, fields?: Record<string, unknown>): void;
}

/** Longest string a log field carries; anything longer is cut (no unbounded value reaches a line). */
export const MAX_LOG_STRING = 300;

function bounded(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.length > MAX_LOG_STRING ? `${v.slice(0, MAX_LOG_STRING)}…(${v.length} chars)` : v;
  if (depth > 2 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => bounded(x, depth + 1));
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).slice(0, 50).map(([k, x]) => [k, bounded(x, depth + 1)]));
}

export function createLogger(opts: { service: string; level: string; destination?: pino.DestinationStream }): Logger {
  const base: PinoLogger = pino(
    { level: opts.level, base: { service: opts.service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, messageKey: 'msg' },
    opts.destination,
  );
  const at = (lvl: 'info' | 'warn' | 'error' | 'debug') => (event: LogEvent, fields: Record<string, unknown> = {}): void => {
    base[lvl]({ ...(bounded(fields) as Record<string, unknown>), event });
  };
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
