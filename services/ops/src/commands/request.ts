// `ops request <topic> <file.json>`: one request from a JSON file, converted with the
// topic's registered schema and sent once through @workers/client (which listens to
// the reply topic before anything is produced, so the reply cannot be missed however
// fast the worker answers), then its reply printed.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configured } from '../action';
import { positiveInt } from '../args';
import { connectRoute, ContractError, RequestTimeoutError } from '@workers/client';
import { EXIT, failure, OpsError, usageError } from '../exit';
import { interruptSignal } from '../interrupt';
import { requireTopics, withAdmin } from '../kafka/admin';
import { kafkaClient } from '../kafka/client';
import { note, printJson } from '../output';
import { valueCodec } from '../registry/codec';
import { messageJson } from '../message-json';
import { clientOptions, operatorRequest } from '../operator-request';
import { defaultReplyTopic } from '../request-envelope';

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
    .option(
      '--key <key>',
      "message key (default: the operation's cardNumber, contactId or accountId, else the requestId)",
    )
    .option(
      '--reply-topic <topic>',
      'where to wait for the reply, also sent as the reply-topic header (default: <x>.requests → <x>.replies)',
    )
    .option('--timeout <ms>', 'how long to wait for the reply', positiveInt, 30_000)
    .addHelpText(
      'after',
      '\nExit: 0 with the reply printed; 3 when no reply came in time; 2 for a bad file or options.',
    )
    .action(
      configured(['kafka', 'registry'], async (config, topic: string, file: string, o: RequestOptions) => {
        const replyTopic = o.replyTopic ?? defaultReplyTopic(topic);
        if (!replyTopic) throw usageError(`${topic} does not end in .requests: give --reply-topic`);
        const json = readJson(file);
        const kafka = kafkaClient(config);
        await withAdmin(kafka, (admin) => requireTopics(admin, [topic, replyTopic]));
        const codec = valueCodec(config);
        const { service, envelope } = await operatorRequest(codec, topic, json).catch((err: unknown) => {
          throw err instanceof OpsError && err.code === EXIT.usage
            ? usageError(...err.lines.map((l) => `${file}: ${l}`))
            : err;
        });
        // The route's own reply topic when the request topic is named <x>.requests; a
        // --reply-topic other than that is sent as the reply-topic header, where the route allows one.
        const client = await connectRoute(service, {
          ...clientOptions(config),
          topics: { requests: topic, replies: defaultReplyTopic(topic) ?? replyTopic },
          replyTopic,
          allowedReplyTopics: [replyTopic],
          attempts: 1,
          timeoutMs: o.timeout,
        }).catch((err: unknown) => {
          if (err instanceof ContractError) throw usageError(err.message);
          // The client writes with the repository's schema: it must be the one registered for the topic.
          if (err instanceof Error && err.name === 'SchemaNotRegisteredError')
            throw failure(`${err.message}: run \`ops schemas register\``);
          throw err;
        });
        const interrupt = interruptSignal();
        try {
          const call = client.startEnvelope(envelope, { key: o.key, signal: interrupt.signal });
          void call.sent.then(() =>
            note(`sent requestId ${call.requestId} to ${topic}; waiting for the reply on ${replyTopic}`),
          );
          const answer = await call.answer.catch((err: unknown) => {
            if (err instanceof RequestTimeoutError || interrupt.signal.aborted) return undefined;
            throw err;
          });
          if (!answer) {
            note(
              `no reply with correlation-id ${call.requestId} on ${replyTopic} within ${o.timeout} ms (${interrupt.signal.aborted ? 'interrupted' : 'timeout'})`,
            );
            return EXIT.timeout;
          }
          const m = answer.received;
          printJson(
            await messageJson(
              {
                ...m,
                key: m.key === null ? null : Buffer.from(m.key),
                timestamp: m.timestamp ?? String(answer.receivedAt),
              },
              codec,
            ),
            true,
          );
          return EXIT.ok;
        } finally {
          interrupt.release();
          await client.close();
        }
      }),
    );
}
