// A server someone else runs: the stack only passes its endpoint through.
import type { Component } from './component';

export class ExternalComponent implements Component {
  version = 'external';
  constructor(
    readonly name: string,
    readonly env: Record<string, string>,
  ) {}
  running(): boolean {
    return true;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
