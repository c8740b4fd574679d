// kafka/send-messages.ts as kafkajs requires its own step (`module.exports = factory`), for
// jest, whose module registry Node's cache does not reach: jest.config.js maps kafkajs's
// `./sendMessages` here (produce-fix.ts does the same for every other process).
import { createSendMessages } from './send-messages';

export = createSendMessages;
