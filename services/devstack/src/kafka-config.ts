// The server.properties of one KRaft node (broker + controller) of a 1- or 3-node
// cluster. Three listeners: CLIENT (what clients reach, advertised at `advertised`,
// which under --proxy is the node's Toxiproxy port), INTERNAL (replication between
// brokers, never proxied) and CONTROLLER (the quorum, never proxied). One node keeps
// every internal topic at replication 1 / min ISR 1 so transactions work on it; three
// nodes take production's 3 / 2, so a write with acks=all survives one node down.

export interface KafkaNodePorts {
  client: number;
  internal: number;
  controller: number;
  /** The port clients are told to use: `client`, or the node's proxy. */
  advertised: number;
}

export interface KafkaNodeLayout {
  nodeId: number;
  ports: KafkaNodePorts;
}

/** Replication of our topics and the internal ones on a cluster of `size` nodes (3 at most, as declared). */
export function replicationFor(size: number): { replicationFactor: number; minInsync: number } {
  return size >= 3 ? { replicationFactor: 3, minInsync: 2 } : { replicationFactor: 1, minInsync: 1 };
}

export function serverProperties(node: KafkaNodeLayout, cluster: KafkaNodeLayout[], dataDir: string): string {
  const { client, internal, controller, advertised } = node.ports;
  const { replicationFactor, minInsync } = replicationFor(cluster.length);
  const voters = cluster.map((n) => `${n.nodeId}@127.0.0.1:${n.ports.controller}`).join(',');
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=CLIENT://127.0.0.1:${client},INTERNAL://127.0.0.1:${internal},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=CLIENT://127.0.0.1:${advertised},INTERNAL://127.0.0.1:${internal}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=INTERNAL',
    'listener.security.protocol.map=CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInsync}`,
    `offsets.topic.replication.factor=${replicationFactor}`,
    'offsets.topic.num.partitions=5',
    `transaction.state.log.replication.factor=${replicationFactor}`,
    `transaction.state.log.min.isr=${minInsync}`,
    'transaction.state.log.num.partitions=5',
    'group.initial.rebalance.delay.ms=0',
    'log.flush.interval.messages=1000000',
    '',
  ].join('\n');
}

export const LOG4J = [
  'log4j.rootLogger=WARN, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.server.KafkaServer=INFO',
  'log4j.logger.kafka.server.BrokerServer=INFO',
  'log4j.logger.kafka.server.ControllerServer=INFO',
  '',
].join('\n');
