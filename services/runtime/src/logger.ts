// pino JSON logs. Every line carries an `event` from a fixed list: the runtime's
// LOG_EVENTS, or the union a process creates its logger over (a worker's own events
// beside the runtime's, the console's own). Personal data never reaches a line: the
// code logs ids and codes only, and the redaction below is the second fence should a
// field slip in by mistake. Redaction and the length bound are one walk over the
// fields (cheaper than pino's own path-based redaction: docs/benchmarks.md#logger);
// REDACT_PATHS states what it covers.
//
// Lines go to stdout synchronously, each as it is logged. pino's default (an
// asynchronous sonic-boom) keeps what arrives during a write in one pending string
// and re-measures it on every line, flattening it: with a line per request, the
// collector ran more often (docs/benchmarks.md#logger), and a SIGKILL lost the lines
// still pending, the last requests' records among them.
import pino, { type Logger as PinoLogger } from 'pino';
import type { LogEvent } from './names';
import { PERSONAL_FIELDS } from './personal-fields';

export const REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  'request',
  'value',
  'payload',
];

/** A logger over the event names `E` (the runtime's own by default; a wider union is still a runtime Logger). */
export interface Logger<E extends string = LogEvent> {
  info(event: E, fields?: Record<string, unknown>): void;
  warn(event: E, fields?: Record<string, unknown>): void;
  error(event: E, fields?: Record<string, unknown>): void;
  debug(event: E, fields?: Record<string, unknown>): void;
  /** Whether a line at `level` would be written: a caller builds costly fields only when it is. */
  enabled(level: LogLevel): boolean;
}

export type LogLevel = 'info' | 'warn' | 'error' | 'debug';

/** Longest string a log field carries; anything longer is cut (no unbounded value reaches a line). */
export const MAX_LOG_STRING = 300;

const CENSOR = '[redacted]';
/** Redacted at the top level and two levels below (REDACT_PATHS). */
const PERSONAL: ReadonlySet<string> = new Set(PERSONAL_FIELDS);
/** Redacted whole, at the top level. */
const WHOLE = new Set(['request', 'value', 'payload']);

/** The fields as they may be logged: personal ones censored, strings cut, depth and width bounded. */
function safe(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return v.length > MAX_LOG_STRING ? `${v.slice(0, MAX_LOG_STRING)}…(${v.length} chars)` : v;
  if (v === null || typeof v !== 'object') return v;
  if (depth > 2) return '[…]';
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => safe(x, depth + 1));
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k in v as Record<string, unknown>) {
    if (++n > 50) break;
    out[k] =
      PERSONAL.has(k) || (depth === 0 && WHOLE.has(k)) ? CENSOR : safe((v as Record<string, unknown>)[k], depth + 1);
  }
  return out;
}

/** A logger whose events are `E`: give a worker's process `LogEvent | ItsOwnEvent` (the runtime logs through it too). */
export function createLogger<E extends string = LogEvent>(opts: {
  service: string;
  level: string;
  destination?: pino.DestinationStream;
}): Logger<E> {
  const base: PinoLogger = pino(
    { level: opts.level, base: { service: opts.service }, messageKey: 'msg' },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const at =
    (lvl: LogLevel) =>
    (event: E, fields: Record<string, unknown> = {}): void => {
      if (!base.isLevelEnabled(lvl)) return;
      const line = safe(fields, 0) as Record<string, unknown>;
      line.event = event;
      base[lvl](line);
    };
  return {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    enabled: (lvl) => base.isLevelEnabled(lvl),
  };
}
