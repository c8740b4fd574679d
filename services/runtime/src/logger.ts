// pino JSON logs. Every line carries an `event` from a fixed list: the runtime's
// LOG_EVENTS, or the union a process creates its logger over (a worker's own events
// beside the runtime's, the console's own). Personal data never reaches a line: the
// code logs ids and codes only, and the redact list below is the second fence should
// a field slip in by mistake.
import pino, { type Logger as PinoLogger } from 'pino';
import type { LogEvent } from './names';

export const REDACT_PATHS = [
  'email', 'phone', 'phoneNumber', 'phoneE164', 'name', 'cardPinHmac', 'personalId',
  '*.email', '*.phone', '*.phoneNumber', '*.phoneE164', '*.name', '*.cardPinHmac', '*.personalId',
  '*.*.email', '*.*.phone', '*.*.phoneNumber', '*.*.phoneE164', '*.*.name', '*.*.cardPinHmac', '*.*.personalId',
  'request', 'value', 'payload',
];

/** A logger over the event names `E` (the runtime's own by default; a wider union is still a runtime Logger). */
export interface Logger<E extends string = LogEvent> {
  info(event: E, fields?: Record<string, unknown>): void;
  warn(event: E, fields?: Record<string, unknown>): void;
  error(event: E, fields?: Record<string, unknown>): void;
  debug(event: E, fields?: Record<string, unknown>): void;
}

/** Longest string a log field carries; anything longer is cut (no unbounded value reaches a line). */
export const MAX_LOG_STRING = 300;

function bounded(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.length > MAX_LOG_STRING ? `${v.slice(0, MAX_LOG_STRING)}…(${v.length} chars)` : v;
  if (depth > 2 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => bounded(x, depth + 1));
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).slice(0, 50).map(([k, x]) => [k, bounded(x, depth + 1)]));
}

/** A logger whose events are `E`: give a worker's process `LogEvent | ItsOwnEvent` (the runtime logs through it too). */
export function createLogger<E extends string = LogEvent>(opts: { service: string; level: string; destination?: pino.DestinationStream }): Logger<E> {
  const base: PinoLogger = pino(
    { level: opts.level, base: { service: opts.service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, messageKey: 'msg' },
    opts.destination,
  );
  const at = (lvl: 'info' | 'warn' | 'error' | 'debug') => (event: E, fields: Record<string, unknown> = {}): void => {
    base[lvl]({ ...(bounded(fields) as Record<string, unknown>), event });
  };
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
