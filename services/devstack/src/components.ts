// Chooses, per server, what to run: an endpoint from the environment when one is
// given, otherwise a native process (or, where a container engine answers, a
// container — see containers.ts). Three Kafka nodes, or Toxiproxy in front, are native
// only: the container path runs one broker and no proxy.
import { join } from 'node:path';
import type { Component } from './component';
import { ExternalComponent } from './external';
import { kafkaCluster } from './kafka';
import { MongoServer } from './mongo';
import { RegistryComponent } from './registry-component';
import { SmtpSink } from './smtp-sink';
import type { StatePaths } from './paths';
import { containerEngineAnswers, containerComponents } from './containers';
import type { MongoFaultProxy } from './mongo-faults';
import { freePort } from './proc';
import type { StackOptions } from './stack-options';
import { ToxiproxyServer } from './toxiproxy';

export interface Stack {
  options: StackOptions;
  /** Every server the control API knows, Toxiproxy (when there is one) first: the others are started behind it. */
  components: Component[];
  toxiproxy?: ToxiproxyServer;
  /** Under --proxy: the port of each server's proxy, by the server's name. */
  proxyPorts: Map<string, number>;
  /** Under --proxy: the database's fail-point proxy, between Toxiproxy and the server (stack-start.ts). */
  mongoFaults?: MongoFaultProxy;
}

const PROXIED = ['mongodb', 'registry', 'smtp'];

export async function chooseComponents(paths: StatePaths, options: StackOptions): Promise<Stack> {
  const e = process.env;
  const nativeOnly = options.brokers > 1 || options.proxy;
  const useContainers = e.STACK_NATIVE !== '1' && !nativeOnly && (await containerEngineAnswers());
  const c = useContainers ? containerComponents() : undefined;
  const proxyPorts = new Map<string, number>();
  const toxiproxy = options.proxy ? new ToxiproxyServer(paths) : undefined;
  if (toxiproxy) for (const name of PROXIED) proxyPorts.set(name, await freePort());
  const kafkaProxy = async (nodeId: number): Promise<number> => {
    const port = await freePort();
    proxyPorts.set(options.brokers === 1 ? 'kafka' : `kafka-${nodeId}`, port);
    return port;
  };
  const kafka: Component[] = e.KAFKA_BROKERS
    ? [new ExternalComponent('kafka', { KAFKA_BROKERS: e.KAFKA_BROKERS })]
    : c
      ? [c.kafka]
      : await kafkaCluster(paths, options.brokers, toxiproxy ? kafkaProxy : undefined);
  const components: Component[] = [
    ...(toxiproxy ? [toxiproxy] : []),
    ...kafka,
    e.MONGODB_URI ? new MongoServer(paths) : (c?.mongodb ?? new MongoServer(paths)),
    new RegistryComponent(paths),
    e.SMTP_URL ? new ExternalComponent('smtp', { SMTP_URL: e.SMTP_URL }) : new SmtpSink(join(paths.root, 'mail')),
  ];
  return { options, components, toxiproxy, proxyPorts };
}
