// Starts a chosen stack and says where its servers are. Under --proxy, Toxiproxy starts
// first and every server gets a proxy named after it (`kafka-1`…, `mongodb`, `registry`,
// `smtp`), created through Toxiproxy's own API: a Kafka node's before the node starts
// (the node advertises it, so clients only ever reach brokers through Toxiproxy), the
// others' once their port is known. The env file then names the proxies, not the servers.
import type { Component } from './component';
import type { Stack } from './components';
import { KAFKA_VERSION } from './kafka';
import { replicationFor } from './kafka-config';
import { MongoFaultProxy } from './mongo-faults';

async function proxy(stack: Stack, c: Component): Promise<void> {
  const port = stack.proxyPorts.get(c.name);
  const direct = c.upstream?.();
  if (!stack.toxiproxy || port === undefined || !direct) return;
  const upstream = c.name === 'mongodb' ? await behindFaults(stack, direct) : direct;
  await stack.toxiproxy.addProxy({ name: c.name, listen: `127.0.0.1:${port}`, upstream });
}

/**
 * The database chain under --proxy: client → Toxiproxy `mongodb` → the fail-point proxy
 * (mongo-faults/: answers `configureFailPoint`, so a test makes the database answer a
 * stepdown's errors) → the server. It outlives a stop/start of the server (same port).
 */
async function behindFaults(stack: Stack, direct: string): Promise<string> {
  const [host = '127.0.0.1', port] = direct.split(':');
  stack.mongoFaults ??= new MongoFaultProxy({ host, port: Number(port) });
  return `127.0.0.1:${await stack.mongoFaults.start()}`;
}

/** Starts every server; throws with the first failure (the caller stops what did start). */
export async function startStack(stack: Stack): Promise<void> {
  if (stack.toxiproxy) await stack.toxiproxy.start();
  await Promise.all(
    stack.components
      .filter((c) => c !== stack.toxiproxy)
      .map(async (c) => {
        const knownBefore = c.nodeId !== undefined;
        if (knownBefore) await proxy(stack, c);
        await c.start();
        if (!knownBefore) await proxy(stack, c);
      }),
  );
}

export const isKafka = (c: Component): boolean => c.name === 'kafka' || c.nodeId !== undefined;

/** The env file's keys: every server's endpoints (through its proxy under --proxy) and the stack's shape. */
export function stackEnv(stack: Stack, controlUrl: string): Record<string, string> {
  const env: Record<string, string> = Object.assign({}, ...stack.components.map((c) => c.env));
  const kafka = stack.components.filter(isKafka);
  env.KAFKA_BROKERS = kafka.map((c) => c.env.KAFKA_BROKERS).join(',');
  for (const c of stack.components) {
    const port = stack.proxyPorts.get(c.name);
    if (port !== undefined && c.upstream?.() && c.proxiedEnv) Object.assign(env, c.proxiedEnv(`127.0.0.1:${port}`));
  }
  const brokers = env.KAFKA_BROKERS.split(',').length;
  const { replicationFactor, minInsync } = replicationFor(brokers);
  env.STACK_BROKERS = String(brokers);
  env.STACK_REPLICATION_FACTOR = String(replicationFactor);
  env.STACK_MIN_INSYNC_REPLICAS = String(minInsync);
  env.STACK_PROXY = stack.toxiproxy ? '1' : '0';
  env.STACK_CONTROL_URL = controlUrl;
  env.STACK_KAFKA_VERSION =
    kafka.length > 1 ? `Apache Kafka ${KAFKA_VERSION} (KRaft, ${kafka.length} nodes)` : (kafka[0]?.version ?? '');
  env.STACK_MONGODB_VERSION = stack.components.find((c) => c.name === 'mongodb')?.version ?? '';
  return env;
}
