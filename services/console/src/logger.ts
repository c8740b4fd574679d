// The console's pino JSON log: the runtime's logger over the console's own fixed list
// of events (a test fails on any other). A line carries ids, paths without their
// query string, counts and the operator's name (each reveal and replay says who did
// it), never a message value, an address or a revealed field;
// the runtime's redact list is the second fence.
import type pino from 'pino';
import { createLogger, type Logger } from '@workers/runtime';

export const CONSOLE_LOG_EVENTS = [
  'console.starting',
  'console.started',
  'console.stopping',
  'console.stopped',
  'console.request',
  'console.failed',
  'console.denied',
  'console.signed_in',
  'console.signed_out',
  'console.replayed',
  'console.revealed',
  'console.priority',
  'index.woken',
  'index.caught_up',
  'index.paused',
  'index.failed',
] as const;
export type ConsoleLogEvent = (typeof CONSOLE_LOG_EVENTS)[number];

export type ConsoleLogger = Logger<ConsoleLogEvent>;

export function createConsoleLogger(level: string, destination?: pino.DestinationStream): ConsoleLogger {
  return createLogger<ConsoleLogEvent>({ service: 'console', level, destination });
}
