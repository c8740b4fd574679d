// Installs kafka/send-messages.ts in place of kafkajs's own send step, in Node's module
// cache, before kafkajs loads its producer (which takes the step once, at load). Import
// this module before anything that loads kafkajs: the runtime's index and its Kafka
// modules do, and so must every entry point of ours that produces (`@workers/runtime/produce-fix`).
//
// Throws if kafkajs's producer was already loaded with its own step: a process that would
// silently lose messages when a broker goes away must not start. (Under jest, whose module
// registry is its own, jest.config.js maps kafkajs's `./sendMessages` to the same step.)
import Module, { createRequire } from 'node:module';
import { createSendMessages } from './kafka/send-messages';

const nodeRequire = createRequire(__filename);
const stepPath = nodeRequire.resolve('kafkajs/src/producer/sendMessages');
const producerPath = nodeRequire.resolve('kafkajs/src/producer/messageProducer');

/**
 * Marks our step by a registered symbol, not by identity: under jest every test file loads
 * this module anew, while Node's cache (and a kafkajs loaded into it) outlives the file.
 */
const FIXED = Symbol.for('workers.kafkajs.sendMessages.fixed');
Object.defineProperty(createSendMessages, FIXED, { value: true });

/**
 * Inside a jest test file, whose module registry is its own (and whose createRequire is jest's):
 * jest.config.js maps the step there. Not in a process a test spawns: it inherits JEST_WORKER_ID
 * but loads kafkajs through Node's cache like production, so it installs the step like production
 * (spawned workers once ran kafkajs's own step this way, and duplicated replies when a produce was
 * retried). jest's test environment is the one with a global `expect`.
 */
const underJest =
  process.env.JEST_WORKER_ID !== undefined && typeof (globalThis as { expect?: unknown }).expect === 'function';

/** True once kafkajs's producers in this process send through kafka/send-messages.ts. */
export function produceFixActive(): boolean {
  if (underJest) return true;
  const step = nodeRequire.cache[stepPath]?.exports as Record<symbol, unknown> | undefined;
  return step?.[FIXED] === true;
}

function install(): void {
  if (produceFixActive()) return;
  if (nodeRequire.cache[producerPath]) {
    throw new Error(
      "kafkajs's producer was loaded before @workers/runtime/produce-fix: import it first in the entry point",
    );
  }
  const m = new Module(stepPath);
  m.filename = stepPath;
  m.loaded = true;
  m.exports = createSendMessages;
  nodeRequire.cache[stepPath] = m;
}

install();
