import { diffTopic } from '../src/topic-diff';
import { DEFAULT_PARTITIONS, TOPIC_NAMES } from '@workers/contracts';
import { minInsyncReplicas, topicSpec, topicSpecs } from '../src/topics';

const DAY = 86_400_000;

describe('the topic specs', () => {
  it('sets each declared retention in ms', () => {
    expect(topicSpec('alcs.card.replies').configs['retention.ms']).toBe(String(14 * DAY));
    expect(topicSpec('crm.contact.events.dlq').configs['retention.ms']).toBe(String(7 * DAY));
  });

  it('asks for as many in-sync replicas as the replication allows while one broker is down', () => {
    expect([1, 2, 3, 4, 5].map(minInsyncReplicas)).toEqual([1, 1, 2, 2, 2]);
    expect(topicSpec('alcs.card.requests').configs['min.insync.replicas']).toBe('2');
    expect(topicSpec('alcs.card.requests', { replicationFactor: 1 }).configs['min.insync.replicas']).toBe('1');
  });

  it('applies the prefix and the overrides to every topic', () => {
    const specs = topicSpecs({ prefix: 't1.', partitions: 2, replicationFactor: 1 });
    expect(specs.map((s) => s.name)).toEqual(TOPIC_NAMES.map((n) => `t1.${n}`));
    expect(new Set(specs.map((s) => `${s.partitions}/${s.replicationFactor}`))).toEqual(new Set(['2/1']));
    expect(topicSpec('crm.contact.events').partitions).toBe(DEFAULT_PARTITIONS);
  });
});

describe('diffTopic', () => {
  const spec = topicSpec('alcs.card.replies', { partitions: 3, replicationFactor: 1 });
  const same = { partitions: 3, replicas: [1, 1, 1], configs: { ...spec.configs } };

  it('finds nothing when the topic matches', () => {
    expect(diffTopic(spec, same)).toEqual([]);
  });

  it('names every difference, one line each', () => {
    expect(diffTopic(spec, undefined)).toEqual(['alcs.card.replies: missing']);
    expect(
      diffTopic(spec, {
        partitions: 4,
        replicas: [1, 2, 1, 2],
        configs: { ...spec.configs, 'retention.ms': '1000', 'cleanup.policy': undefined },
      }),
    ).toEqual([
      'alcs.card.replies: 4 partitions, declared 3',
      'alcs.card.replies: replication factor 2, declared 1',
      'alcs.card.replies: cleanup.policy=(unset), declared delete',
      `alcs.card.replies: retention.ms=1000, declared ${14 * DAY}`,
    ]);
  });
});
