// `ops tail <topic>`: every message decoded to one JSON line; follows until Ctrl-C,
// or stops at --max messages or after --timeout ms. Undecodable values are printed
// with `error` and their bytes in base64; they never stop the tail.
import { Command } from 'commander';
import { configured } from '../action';
import { positiveInt } from '../args';
import { EXIT } from '../exit';
import { matches } from '../filters';
import { interruptSignal } from '../interrupt';
import { offsetsAtTime, partitionBounds, requireTopics, withAdmin } from '../kafka/admin';
import { kafkaClient } from '../kafka/client';
import { readTopic } from '../kafka/reader';
import { messageJson } from '../message-json';
import { count, note, printJson } from '../output';
import { startOffsets, startSpec } from '../positions';
import { valueCodec } from '../registry/codec';

interface TailOptions {
  fromBeginning?: boolean;
  offset: string[];
  since?: string;
  key?: string;
  requestId?: string;
  max?: number;
  timeout?: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function tailCommand(): Command {
  return new Command('tail')
    .description('print the messages of a topic decoded from Avro, one JSON line each (follows until Ctrl-C)')
    .argument('<topic>', 'topic to read')
    .option('--from-beginning', 'start at the first offset of every partition')
    .option(
      '--offset <offset>',
      'start at <n> in every partition, or <partition>:<n> (repeatable, comma-separated)',
      collect,
      [],
    )
    .option('--since <time>', 'start at the first message at or after this ISO-8601 time')
    .option('--key <key>', 'only messages with this key')
    .option('--request-id <id>', 'only messages whose value.requestId or correlation-id header is <id>')
    .option('--max <n>', 'stop after printing <n> messages', positiveInt)
    .option('--timeout <ms>', 'stop after <ms> milliseconds', positiveInt)
    .addHelpText('after', '\nExit: 0, or 3 when --timeout ends before --max messages were printed.')
    .action(
      configured(['kafka', 'registry'], async (config, topic: string, o: TailOptions) => {
        const spec = startSpec(o);
        const kafka = kafkaClient(config);
        const codec = valueCodec(config);
        const from = await withAdmin(kafka, async (admin) => {
          await requireTopics(admin, [topic]);
          const bounds = await partitionBounds(admin, topic);
          return startOffsets(
            spec,
            bounds,
            spec.kind === 'since' ? await offsetsAtTime(admin, topic, spec.timestamp) : undefined,
          );
        });
        note(
          `tail ${topic} from ${
            [...from]
              .sort(([a], [b]) => a - b)
              .map(([p, n]) => `partition ${p} offset ${n}`)
              .join(', ') || 'nowhere (no partition chosen)'
          }`,
        );
        let printed = 0;
        const interrupt = interruptSignal();
        try {
          const end = await readTopic(kafka, {
            topic,
            from,
            timeoutMs: o.timeout,
            signal: interrupt.signal,
            onMessage: async (m) => {
              const line = await messageJson(m, codec);
              if (!matches(line, o)) return true;
              printJson(line);
              printed += 1;
              return o.max === undefined || printed < o.max;
            },
          });
          note(`${count(printed, 'message', 'messages')} printed (${end})`);
          return end === 'timeout' && o.max !== undefined ? EXIT.timeout : EXIT.ok;
        } finally {
          interrupt.release();
        }
      }),
    );
}
