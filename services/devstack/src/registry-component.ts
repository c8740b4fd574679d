// Wraps the in-process schema registry (services/devstack/src/registry) as a stack component,
// or points at an external one when SCHEMA_REGISTRY_URL is set.
import { join } from 'node:path';
import type { Component } from './component';
import { startSchemaRegistry } from './registry/server';
import type { StatePaths } from './paths';

export class RegistryComponent implements Component {
  readonly name = 'registry';
  readonly aliases = ['schema-registry'];
  readonly env: Record<string, string> = {};
  version = 'Confluent-compatible registry (services/devstack/src/registry)';
  private handle?: { url: string; close(): Promise<void> };
  private port = 0;

  constructor(
    private readonly paths: StatePaths,
    private readonly external = process.env.SCHEMA_REGISTRY_URL,
  ) {}

  running(): boolean {
    return this.external !== undefined || this.handle !== undefined;
  }

  upstream(): string | undefined {
    return this.external || !this.handle ? undefined : `127.0.0.1:${this.port}`;
  }

  proxiedEnv(proxied: string): Record<string, string> {
    return { SCHEMA_REGISTRY_URL: `http://${proxied}` };
  }

  async start(): Promise<void> {
    if (this.external) {
      this.env.SCHEMA_REGISTRY_URL = this.external;
      this.version = 'external';
      return;
    }
    const handle = await startSchemaRegistry({
      host: '127.0.0.1',
      port: this.port,
      dataFile: join(this.paths.data, 'registry.json'),
    });
    this.handle = handle;
    this.env.SCHEMA_REGISTRY_URL = handle.url;
    this.port = Number(new URL(handle.url).port);
  }

  async stop(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
