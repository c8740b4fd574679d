// Where the workers' servers are, for `npm start` and `npm run demo`: the endpoints
// the environment configures, and for every one it does not, the local stack
// (docs/rules.md#the-local-stack, the embedded default). A stack already running
// (`npm run stack -- up`) is reused and left running; one started here lives as long
// as this process.
import { launch, runningStack } from '@workers/devstack';
import { defaultStateDir, statePaths } from '@workers/devstack';
import { readEnvFile } from '@workers/devstack';

export const ENDPOINTS = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI', 'SMTP_URL'] as const;

export interface Endpoints {
  env: Record<string, string>;
  /** True when the endpoints are (partly) the local stack's. */
  local: boolean;
  /** Stops what was started here (nothing for a reused or configured stack). */
  close(): Promise<void>;
}

export async function resolveEndpoints(say: (line: string) => void): Promise<Endpoints> {
  const configured = ENDPOINTS.filter((k) => process.env[k]);
  if (configured.length === ENDPOINTS.length) {
    say('using the configured endpoints (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, MONGODB_URI, SMTP_URL)');
    return { env: {}, local: false, close: async () => undefined };
  }
  const running = runningStack(defaultStateDir);
  if (running && configured.length === 0) {
    say(
      `using the local stack already running (pid ${running.pid}; endpoints in ${statePaths(defaultStateDir).envFile})`,
    );
    return { env: running.env, local: true, close: async () => undefined };
  }
  const missing = ENDPOINTS.filter((k) => !process.env[k]);
  say(
    `no ${missing.join(', ')} configured: starting the local stack (Kafka, MongoDB wire server, schema registry, SMTP sink)…`,
  );
  const started = Date.now();
  const launched = await launch(defaultStateDir, 'attached');
  say(
    `local stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s; endpoints in ${statePaths(defaultStateDir).envFile}`,
  );
  const gone = new Promise((resolve) => launched.child.once('exit', resolve));
  return {
    env: readEnvFile(statePaths(defaultStateDir).envFile) ?? launched.env,
    local: true,
    close: async () => {
      if (launched.child.exitCode === null) launched.child.kill('SIGTERM');
      await gone;
    },
  };
}
