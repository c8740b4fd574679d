// Starts the stack once for the whole integration run, or reuses the one that
// `npm run stack -- up` left running (a warm, fast loop while developing) when it has
// the shape this run asks for (STACK_BROKERS=3, STACK_PROXY=1: see stack-options.ts).
// The supervisor is attached: if this run dies, its stdin closes and it stops.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, runningStack, stackOptionsFromEnv } from '@workers/devstack';
import { defaultStateDir, statePaths } from '@workers/devstack';
import { currentEnvPointer, testStackName } from './stack-env';

export default async function globalSetup(): Promise<void> {
  const shape = stackOptionsFromEnv();
  const shared = runningStack(defaultStateDir);
  const fits =
    shared !== undefined &&
    Number(shared.env.STACK_BROKERS ?? '1') === shape.brokers &&
    (!shape.proxy || shared.env.TOXIPROXY_URL !== undefined);
  let envFile: string;
  if (fits && process.env.STACK_FRESH !== '1') {
    envFile = statePaths(defaultStateDir).envFile;
  } else {
    const dir = join(defaultStateDir, testStackName);
    const started = Date.now();
    const launched = await launch(dir, 'attached', shape);
    (globalThis as { __stackChild?: unknown }).__stackChild = launched.child;
    envFile = statePaths(dir).envFile;
    process.stderr.write(
      `\n[stack] started in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${launched.env.STACK_KAFKA_VERSION}; ${launched.env.STACK_MONGODB_VERSION}` +
        `${shape.proxy ? '; Toxiproxy in front' : ''}\n`,
    );
  }
  mkdirSync(defaultStateDir, { recursive: true });
  writeFileSync(currentEnvPointer, envFile);
}
