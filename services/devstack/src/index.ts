// The local stack as a library, for `npm run stack`, `npm start`, the demo, the
// benchmark and the tests: start or find a stack, read its endpoints, control it.
export { launch, runningStack, shutdown, type Launched, type LaunchOptions } from './launcher';
export { stackOptionsFromEnv, type StackOptions } from './stack-options';
export { replicationFor } from './kafka-config';
export type { ComponentStatus } from './control';
export { repoRoot, cacheDir, defaultStateDir, statePaths, type StatePaths } from './paths';
export { readEnvFile, writeEnvFile } from './env-file';
export { freePort, isAlive, killStalePids, runToCompletion } from './proc';
export { startSchemaRegistry } from './registry/server';
export { checkCompatibility, parseAvro } from './registry/compatibility';
export { MongoFaultProxy, upstreamOf, type FailCommandData } from './mongo-faults';
