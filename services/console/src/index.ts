// What scripts and tests use of the console; the process itself is main.ts.
export { loadConsoleConfig, type ConsoleConfig } from './config';
export { CONSOLE_LOG_EVENTS, type ConsoleLogEvent } from './logger';
export { DEFAULT_WORKER_URLS, WORKER_NAMES } from './workers';
