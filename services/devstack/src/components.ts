// Chooses, per server, what to run: an endpoint from the environment when one is
// given, otherwise a native process (or, where a container engine answers, a
// container — see containers.ts).
import { join } from 'node:path';
import type { Component } from './component';
import { ExternalComponent } from './external';
import { KafkaNode } from './kafka';
import { MongoServer } from './mongo';
import { RegistryComponent } from './registry-component';
import { SmtpSink } from './smtp-sink';
import type { StatePaths } from './paths';
import { containerEngineAnswers, containerComponents } from './containers';

export async function chooseComponents(paths: StatePaths): Promise<Component[]> {
  const e = process.env;
  const useContainers = e.STACK_NATIVE !== '1' && (await containerEngineAnswers());
  const c = useContainers ? containerComponents() : undefined;
  return [
    e.KAFKA_BROKERS
      ? new ExternalComponent('kafka', { KAFKA_BROKERS: e.KAFKA_BROKERS })
      : (c?.kafka ?? new KafkaNode(paths)),
    e.MONGODB_URI ? new MongoServer(paths) : (c?.mongodb ?? new MongoServer(paths)),
    new RegistryComponent(paths),
    e.SMTP_URL ? new ExternalComponent('smtp', { SMTP_URL: e.SMTP_URL }) : new SmtpSink(join(paths.root, 'mail')),
  ];
}
