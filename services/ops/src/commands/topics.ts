// `ops topics create|verify`: the topics of services/contracts/src/topics.ts on the cluster.
// `create` is idempotent: it creates what is missing and leaves existing topics alone
// (it reports them; `verify` says whether they match). `verify` exits 1 listing every
// difference in partitions, replication and the declared configs.
import { Command } from 'commander';
import { createTopicsReady } from '@workers/runtime';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { configured } from '../action';
import { positiveInt } from '../args';
import { EXIT, usageError, type ExitCode } from '../exit';
import { withAdmin } from '../kafka/admin';
import { kafkaClient } from '../kafka/client';
import { note, print } from '../output';
import { diffTopic, type ActualTopic } from '../topic-diff';
import { topicSpecs, type SpecOptions, type TopicSpec } from '../topics';

function withSpecOptions(c: Command): Command {
  return c
    .option('--prefix <prefix>', "prepend <prefix> to every topic name (e.g. a test run's random name)")
    .option('--partitions <n>', 'partitions of every topic, instead of the declared count', positiveInt)
    .option(
      '--replication-factor <n>',
      'replication of every topic (1 on a single-broker cluster); min.insync.replicas follows',
      positiveInt,
    );
}

async function checkBrokers(admin: Admin, specs: TopicSpec[]): Promise<void> {
  const brokers = (await admin.describeCluster()).brokers.length;
  const needed = Math.max(...specs.map((s) => s.replicationFactor));
  if (needed > brokers)
    throw usageError(
      `replication factor ${needed} needs ${needed} brokers; the cluster has ${brokers}: pass --replication-factor ${brokers}`,
    );
}

async function actualTopics(admin: Admin, specs: TopicSpec[]): Promise<Map<string, ActualTopic>> {
  const existing = new Set(await admin.listTopics());
  const present = specs.filter((s) => existing.has(s.name));
  if (present.length === 0) return new Map();
  const { topics } = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((s) => ({
      type: ConfigResourceTypes.TOPIC,
      name: s.name,
      configNames: Object.keys(s.configs),
    })),
  });
  return new Map(
    topics.map((t) => {
      const entries = resources.find((r) => r.resourceName === t.name)?.configEntries ?? [];
      return [
        t.name,
        {
          partitions: t.partitions.length,
          replicas: t.partitions.map((p) => p.replicas.length),
          configs: Object.fromEntries(entries.map((e) => [e.configName, e.configValue])),
        },
      ];
    }),
  );
}

export function topicsCommand(): Command {
  const topics = new Command('topics').description(
    'create or verify the declared topics and their .dlq (services/contracts/src/topics.ts)',
  );

  withSpecOptions(topics.command('create'))
    .description('create every declared topic that is missing; report the ones that exist')
    .action(
      configured(['kafka'], async (config, o: SpecOptions): Promise<ExitCode> => {
        const specs = topicSpecs(o);
        return withAdmin(kafkaClient(config), async (admin) => {
          await checkBrokers(admin, specs);
          const existing = new Set(await admin.listTopics());
          const missing = specs.filter((s) => !existing.has(s.name));
          if (missing.length > 0) {
            await createTopicsReady(
              admin,
              missing.map((s) => ({
                topic: s.name,
                numPartitions: s.partitions,
                replicationFactor: s.replicationFactor,
                configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
              })),
            );
          }
          for (const s of specs) {
            print(
              existing.has(s.name)
                ? `exists   ${s.name}`
                : `created  ${s.name} (${s.partitions} partitions, replication ${s.replicationFactor})`,
            );
          }
          if (missing.length < specs.length)
            note('existing topics were left as they are; `ops topics verify` compares them with the declaration');
          return EXIT.ok;
        });
      }),
    );

  withSpecOptions(topics.command('verify'))
    .description('compare the cluster with the declaration; exit 1 listing every difference')
    .action(
      configured(['kafka'], async (config, o: SpecOptions): Promise<ExitCode> => {
        const specs = topicSpecs(o);
        const actual = await withAdmin(kafkaClient(config), (admin) => actualTopics(admin, specs));
        let differences = 0;
        for (const s of specs) {
          const diff = diffTopic(s, actual.get(s.name));
          differences += diff.length;
          for (const line of diff.length > 0 ? diff : [`${s.name}: ok`]) print(line);
        }
        if (differences > 0) note(`${differences} difference(s) from services/contracts/src/topics.ts`);
        return differences > 0 ? EXIT.failed : EXIT.ok;
      }),
    );

  return topics;
}
