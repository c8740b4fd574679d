// `ops request <topic> <file.json>`: one request from a JSON file, converted with the
// topic's registered schema, then its reply printed. The reply topic's end offsets
// are taken BEFORE the request is produced and read from there, so the reply cannot
// be missed however fast the worker answers.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configured } from '../action';
import { positiveInt } from '../args';
import { ConversionError, fromJson } from '../avro/from-json';
import { EXIT, failure, usageError } from '../exit';
import { interruptSignal } from '../interrupt';
import { partitionBounds, requireTopics, withAdmin } from '../kafka/admin';
import { kafkaClient } from '../kafka/client';
import { readTopic, type RawMessage } from '../kafka/reader';
import { headerText, messageJson } from '../message-json';
import { note, printJson } from '../output';
import { valueCodec } from '../registry/codec';
import { defaultReplyTopic, deriveKey, fillEnvelope } from '../request-envelope';

interface RequestOptions {
  key?: string;
  replyTopic?: string;
  timeout: number;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`${file}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw usageError(`${file}: not JSON (${(err as Error).message})`);
  }
}

export function requestCommand(): Command {
  return new Command('request')
    .description('send one request from a JSON file and print its reply')
    .argument('<topic>', 'request topic, e.g. alcs.card.requests')
    .argument('<file>', 'the request as JSON (see docs/requests/); requestId and sentAt are filled when absent')
    .option('--key <key>', 'message key (default: the operation\'s cardNumber, contactId or accountId, else the requestId)')
    .option('--reply-topic <topic>', 'where to wait for the reply, also sent as the reply-topic header (default: <x>.requests → <x>.replies)')
    .option('--timeout <ms>', 'how long to wait for the reply', positiveInt, 30_000)
    .addHelpText('after', '\nExit: 0 with the reply printed; 3 when no reply came in time; 2 for a bad file or options.')
    .action(configured(['kafka', 'registry'], async (config, topic: string, file: string, o: RequestOptions) => {
      const replyTopic = o.replyTopic ?? defaultReplyTopic(topic);
      if (!replyTopic) throw usageError(`${topic} does not end in .requests: give --reply-topic`);
      const { request, requestId } = fillEnvelope(readJson(file));
      const codec = valueCodec(config);
      const subject = `${topic}-value`;
      const schema = await codec.latest(subject).catch((err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        throw failure((err as { status?: number }).status === 404 ? `no schema registered under ${subject}: run \`ops schemas register\`` : `schema registry: ${why}`);
      });
      let value: unknown;
      try {
        value = fromJson(schema.type, request);
      } catch (err) {
        if (err instanceof ConversionError) throw usageError(`${file}: ${err.message}`);
        throw err;
      }
      const key = o.key ?? deriveKey(value as Record<string, unknown>);
      const bytes = await codec.encode(schema.id, value);
      const headers: Record<string, string> = { 'correlation-id': requestId, ...(o.replyTopic ? { 'reply-topic': o.replyTopic } : {}) };

      const kafka = kafkaClient(config);
      const from = await withAdmin(kafka, async (admin) => {
        await requireTopics(admin, [topic, replyTopic]);
        return new Map([...(await partitionBounds(admin, replyTopic))].map(([p, b]) => [p, b.high]));
      });
      let reply: RawMessage | undefined;
      const interrupt = interruptSignal();
      const waiting = readTopic(kafka, {
        topic: replyTopic, from, timeoutMs: o.timeout, signal: interrupt.signal,
        onMessage: (m) => {
          if (headerText(m.headers)['correlation-id'] !== requestId) return true;
          reply = m;
          return false;
        },
      }).finally(() => interrupt.release());

      const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
      try {
        await producer.connect();
        const [sent] = await producer.send({ topic, messages: [{ key, value: bytes, headers }] });
        note(`sent requestId ${requestId} to ${topic} partition ${sent?.partition} offset ${sent?.baseOffset}; waiting for the reply on ${replyTopic}`);
      } catch (err) {
        // A failed send must not leave the reader waiting for its whole timeout.
        interrupt.abort();
        await waiting.catch(() => undefined);
        throw err;
      } finally {
        await producer.disconnect();
      }
      const end = await waiting;
      if (!reply) {
        note(`no reply with correlation-id ${requestId} on ${replyTopic} within ${o.timeout} ms (${end})`);
        return EXIT.timeout;
      }
      printJson(await messageJson(reply, codec), true);
      return EXIT.ok;
    }));
}
