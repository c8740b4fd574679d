// Three nodes hold production's replication (3, min ISR 2) for internal topics and defaults,
// each node names all three controllers, and clients are told the advertised (proxy) port
// while replication stays on the internal listener; one node keeps 1 / 1.
import { serverProperties, type KafkaNodeLayout } from '../src/kafka-config';
import { checkBrokers, stackOptionsFromArgs, stackOptionsFromEnv } from '../src/stack-options';

const node = (nodeId: number): KafkaNodeLayout => ({
  nodeId,
  ports: { client: 1000 + nodeId, internal: 2000 + nodeId, controller: 3000 + nodeId, advertised: 4000 + nodeId },
});
const props = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );

test('three nodes: replication 3 / min ISR 2, a quorum of all three, clients sent to the proxy', () => {
  const cluster = [node(1), node(2), node(3)];
  const p = props(serverProperties(cluster[1]!, cluster, '/data'));
  expect(p['node.id']).toBe('2');
  expect(p['controller.quorum.voters']).toBe('1@127.0.0.1:3001,2@127.0.0.1:3002,3@127.0.0.1:3003');
  expect(p['advertised.listeners']).toBe('CLIENT://127.0.0.1:4002,INTERNAL://127.0.0.1:2002');
  expect(p['inter.broker.listener.name']).toBe('INTERNAL');
  for (const k of [
    'default.replication.factor',
    'offsets.topic.replication.factor',
    'transaction.state.log.replication.factor',
  ])
    expect(p[k]).toBe('3');
  expect(p['min.insync.replicas']).toBe('2');
  expect(p['transaction.state.log.min.isr']).toBe('2');
});

test('one node keeps replication 1 / min ISR 1', () => {
  const p = props(serverProperties(node(1), [node(1)], '/data'));
  expect(p['offsets.topic.replication.factor']).toBe('1');
  expect(p['transaction.state.log.min.isr']).toBe('1');
  expect(p['controller.quorum.voters']).toBe('1@127.0.0.1:3001');
});

test('the shape from arguments or the environment: 1 or 3 brokers', () => {
  expect(stackOptionsFromArgs(['--brokers', '3', '--proxy'])).toEqual({ brokers: 3, proxy: true });
  expect(stackOptionsFromEnv({})).toEqual({ brokers: 1, proxy: false });
  expect(stackOptionsFromEnv({ STACK_BROKERS: '3', STACK_PROXY: '1' })).toEqual({ brokers: 3, proxy: true });
  expect(() => checkBrokers(2)).toThrow(/1 or 3/);
});
