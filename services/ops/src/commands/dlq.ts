// `ops dlq list|replay <topic>`: the dead letters of a consumed topic (or its .dlq).
// Kafka cannot delete single records, so a replay copies entries back to their origin
// topic and leaves them in the DLQ. Replaying twice is safe: the worker deduplicates
// by requestId and answers a re-sent request with its stored reply. An entry whose
// origin is not the topic its .dlq collects is refused (a JSON line with the reason,
// counted in the summary, exit 1); the others are still replayed.
import { Command } from 'commander';
import { configured } from '../action';
import { describeEntry, dlqNamedBy } from '../dlq-entry';
import { plannedReplays, sendReplays } from '../dlq-replay';
import { EXIT, usageError, type ExitCode } from '../exit';
import { kafkaClient } from '../kafka/client';
import { readToEnd } from '../kafka/read-to-end';
import { count, note, printJson } from '../output';
import { parseOffsetArgs } from '../positions';

interface ReplayOptions {
  offset?: string[];
  all?: boolean;
  dryRun?: boolean;
}

export function dlqCommand(): Command {
  const dlq = new Command('dlq').description('list and replay dead-lettered messages');

  dlq
    .command('list')
    .description('print every entry of <topic>.dlq: offset, key, error, origin, size (one JSON line each)')
    .argument('<topic>', 'the consumed topic, or its .dlq')
    .action(
      configured(['kafka'], async (config, topic: string): Promise<ExitCode> => {
        const name = dlqNamedBy(topic);
        const entries = await readToEnd(kafkaClient(config), name);
        for (const m of entries) printJson(describeEntry(m));
        note(`${count(entries.length, 'entry', 'entries')} in ${name}`);
        return EXIT.ok;
      }),
    );

  dlq
    .command('replay')
    .description(
      're-produce chosen entries to their origin topic: same key and bytes, headers minus dlq-*, plus dlq-replayed-from',
    )
    .argument('<topic>', 'the consumed topic, or its .dlq')
    .option('--offset <offset...>', 'entries to replay: <n> (any partition) or <partition>:<n>')
    .option('--all', 'replay every entry')
    .option('--dry-run', 'print what would be replayed; send nothing')
    .action(
      configured(['kafka'], async (config, topic: string, o: ReplayOptions): Promise<ExitCode> => {
        if (!o.all === !o.offset?.length) throw usageError('choose the entries: --offset <n...> or --all');
        const name = dlqNamedBy(topic);
        const kafka = kafkaClient(config);
        const { replays, refused } = await plannedReplays(kafka, name, o.all ? 'all' : parseOffsetArgs(o.offset ?? []));
        for (const r of refused) printJson({ refused: r.from, to: r.topic, reason: r.reason });
        const refusedNote = refused.length > 0 ? `, ${count(refused.length, 'entry', 'entries')} refused` : '';
        if (o.dryRun) {
          for (const r of replays)
            printJson({
              wouldReplay: r.from,
              to: r.topic,
              partition: r.partition ?? null,
              key: r.key?.toString('utf8') ?? null,
            });
          note(`dry run: ${count(replays.length, 'entry', 'entries')} would be replayed${refusedNote}`);
          return refused.length > 0 ? EXIT.failed : EXIT.ok;
        }
        await sendReplays(kafka, replays, (r) =>
          printJson({ replayed: r.from, to: r.to, partition: r.partition, offset: r.offset, key: r.key }),
        );
        note(
          `${count(replays.length, 'entry', 'entries')} replayed${refusedNote}; they stay in ${name} (Kafka cannot delete single records)`,
        );
        return refused.length > 0 ? EXIT.failed : EXIT.ok;
      }),
    );

  return dlq;
}
