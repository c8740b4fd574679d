// Starts the stack once for the whole integration run, or reuses the one that
// `npm run stack -- up` left running (a warm, fast loop while developing).
// The supervisor is attached: if this run dies, its stdin closes and it stops.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, runningStack } from '@workers/devstack';
import { defaultStateDir, statePaths } from '@workers/devstack';
import { currentEnvPointer, testStackName } from './stack-env';

export default async function globalSetup(): Promise<void> {
  const shared = runningStack(defaultStateDir);
  let envFile: string;
  if (shared && process.env.STACK_FRESH !== '1') {
    envFile = statePaths(defaultStateDir).envFile;
  } else {
    const dir = join(defaultStateDir, testStackName);
    const started = Date.now();
    const launched = await launch(dir, 'attached');
    (globalThis as { __stackChild?: unknown }).__stackChild = launched.child;
    envFile = statePaths(dir).envFile;
    process.stderr.write(
      `\n[stack] started in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${launched.env.STACK_KAFKA_VERSION}; ${launched.env.STACK_MONGODB_VERSION}\n`,
    );
  }
  mkdirSync(defaultStateDir, { recursive: true });
  writeFileSync(currentEnvPointer, envFile);
}
