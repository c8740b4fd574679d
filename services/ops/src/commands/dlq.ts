// `ops dlq list|replay <topic>`: the dead letters of a consumed topic (or its .dlq).
// Kafka cannot delete single records, so a replay copies entries back to their origin
// topic and leaves them in the DLQ. Replaying twice is safe: the worker deduplicates
// by requestId and answers a re-sent request with its stored reply.
import { Command } from 'commander';
import { configured } from '../action';
import { describeEntry, dlqTopicOf, replayOf, selectEntries, type Replay } from '../dlq-entry';
import { EXIT, failure, usageError, type ExitCode } from '../exit';
import { requireTopics, withAdmin } from '../kafka/admin';
import { kafkaClient } from '../kafka/client';
import { readToEnd } from '../kafka/read-to-end';
import { count, note, printJson } from '../output';
import { parseOffsetArgs } from '../positions';

interface ReplayOptions {
  offset?: string[];
  all?: boolean;
  dryRun?: boolean;
}

/** Origin partitions that no longer exist fall back to the key's partition. */
async function checkOrigins(kafka: ReturnType<typeof kafkaClient>, replays: Replay[]): Promise<Replay[]> {
  const topics = [...new Set(replays.map((r) => r.topic))];
  const counts = await withAdmin(kafka, async (admin) => {
    await requireTopics(admin, topics);
    const { topics: meta } = await admin.fetchTopicMetadata({ topics });
    return new Map(meta.map((t) => [t.name, t.partitions.length]));
  });
  return replays.map((r) => (r.partition !== undefined && r.partition < (counts.get(r.topic) ?? 0) ? r : { ...r, partition: undefined }));
}

export function dlqCommand(): Command {
  const dlq = new Command('dlq').description('list and replay dead-lettered messages');

  dlq.command('list')
    .description('print every entry of <topic>.dlq: offset, key, error, origin, size (one JSON line each)')
    .argument('<topic>', 'the consumed topic, or its .dlq')
    .action(configured(['kafka'], async (config, topic: string): Promise<ExitCode> => {
      const name = dlqTopicOf(topic);
      const entries = await readToEnd(kafkaClient(config), name);
      for (const m of entries) printJson(describeEntry(m));
      note(`${count(entries.length, 'entry', 'entries')} in ${name}`);
      return EXIT.ok;
    }));

  dlq.command('replay')
    .description('re-produce chosen entries to their origin topic: same key and bytes, headers minus dlq-*, plus dlq-replayed-from')
    .argument('<topic>', 'the consumed topic, or its .dlq')
    .option('--offset <offset...>', 'entries to replay: <n> (any partition) or <partition>:<n>')
    .option('--all', 'replay every entry')
    .option('--dry-run', 'print what would be replayed; send nothing')
    .action(configured(['kafka'], async (config, topic: string, o: ReplayOptions): Promise<ExitCode> => {
      if (!o.all === !o.offset?.length) throw usageError('choose the entries: --offset <n...> or --all');
      const name = dlqTopicOf(topic);
      const kafka = kafkaClient(config);
      const entries = await readToEnd(kafka, name);
      const { chosen, unmatched } = o.all ? { chosen: entries, unmatched: [] } : selectEntries(entries, parseOffsetArgs(o.offset ?? []));
      if (unmatched.length > 0) throw failure(...unmatched.map((w) => `no entry at ${w.partition === undefined ? '' : `partition ${w.partition} `}offset ${w.offset} in ${name}; nothing replayed`));
      const replays = await checkOrigins(kafka, chosen.map((m) => replayOf(m, name)));
      if (o.dryRun) {
        for (const r of replays) printJson({ wouldReplay: r.from, to: r.topic, partition: r.partition ?? null, key: r.key?.toString('utf8') ?? null });
        note(`dry run: ${count(replays.length, 'entry', 'entries')} would be replayed`);
        return EXIT.ok;
      }
      const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
      await producer.connect();
      try {
        for (const r of replays) {
          const [sent] = await producer.send({ topic: r.topic, messages: [{ partition: r.partition, key: r.key, value: r.value, headers: r.headers }] });
          printJson({ replayed: r.from, to: r.topic, partition: sent?.partition ?? null, offset: sent ? Number(sent.baseOffset) : null, key: r.key?.toString('utf8') ?? null });
        }
      } finally {
        await producer.disconnect();
      }
      note(`${count(replays.length, 'entry', 'entries')} replayed; they stay in ${name} (Kafka cannot delete single records)`);
      return EXIT.ok;
    }));

  return dlq;
}
