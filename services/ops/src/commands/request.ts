// `ops request <topic> <file.json>`: one request from a JSON file, converted with the
// topic's registered schema, then its reply printed. The reply topic's end offsets
// are taken BEFORE the request is produced and read from there, so the reply cannot
// be missed however fast the worker answers.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configured } from '../action';
import { positiveInt } from '../args';
import { EXIT, OpsError, usageError } from '../exit';
import { interruptSignal } from '../interrupt';
import { requireTopics, withAdmin } from '../kafka/admin';
import { kafkaClient } from '../kafka/client';
import { note, printJson } from '../output';
import { valueCodec } from '../registry/codec';
import { RequestClient } from '../request-client';
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
        await withAdmin(kafka, (admin) => requireTopics(admin, [topic]));
        const client = await RequestClient.open(kafka, valueCodec(config), [replyTopic]);
        const interrupt = interruptSignal();
        try {
          const sent = await client
            .send(topic, json, { key: o.key, replyTopic: o.replyTopic })
            .catch((err: unknown) => {
              throw err instanceof OpsError && err.code === EXIT.usage
                ? usageError(...err.lines.map((l) => `${file}: ${l}`))
                : err;
            });
          note(
            `sent requestId ${sent.requestId} to ${topic} partition ${sent.partition} offset ${sent.offset}; waiting for the reply on ${replyTopic}`,
          );
          const stop = new Promise<undefined>((resolve) =>
            interrupt.signal.addEventListener('abort', () => resolve(undefined)),
          );
          const reply = await Promise.race([client.reply(sent.requestId, o.timeout), stop]);
          if (!reply) {
            note(
              `no reply with correlation-id ${sent.requestId} on ${replyTopic} within ${o.timeout} ms (${interrupt.signal.aborted ? 'interrupted' : 'timeout'})`,
            );
            return EXIT.timeout;
          }
          printJson(reply, true);
          return EXIT.ok;
        } finally {
          interrupt.release();
          await client.close();
        }
      }),
    );
}
