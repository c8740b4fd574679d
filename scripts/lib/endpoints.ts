// Where the workers' servers are, for `npm start`, `npm run demo` and `npm run console`:
// all four endpoints from the environment, or none of them and the local stack
// (docs/rules.md#the-local-stack, the embedded default). Never a mix: a configured broker
// beside a local database would write real requests' results where nobody looks, and
// e-mail keys made for the local stack would encrypt real addresses under keys that are
// then lost. Some but not all configured is refused, naming the missing ones. A stack
// already running (`npm run stack -- up`) is reused and left running; one started here
// lives as long as this process.
import { launch, runningStack } from '@workers/devstack';
import { defaultStateDir, statePaths } from '@workers/devstack';
import { readEnvFile } from '@workers/devstack';

export const ENDPOINTS = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI', 'SMTP_URL'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Endpoints {
  env: Record<string, string>;
  /** True when the endpoints are the local stack's. */
  local: boolean;
  /** Stops what was started here (nothing for a reused or configured stack). */
  close(): Promise<void>;
}

export type EndpointPlan = { use: 'configured' } | { use: 'local' } | { use: 'refused'; problem: string };

/**
 * Every endpoint `needs` names set: use them; none of the four: the local stack; anything
 * else: refused, one line naming the missing ones. Pure.
 */
export function endpointPlan(env: NodeJS.ProcessEnv, needs: readonly Endpoint[] = ENDPOINTS): EndpointPlan {
  const configured = ENDPOINTS.filter((k) => env[k]);
  if (configured.length === 0) return { use: 'local' };
  const missing = needs.filter((k) => !env[k]);
  if (missing.length === 0) return { use: 'configured' };
  return {
    use: 'refused',
    problem: `${configured.join(', ')} ${configured.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not: set all of ${needs.join(', ')}, or none for the local stack (configured endpoints are never mixed with it)`,
  };
}

export class MixedEndpointsError extends Error {
  override readonly name = 'MixedEndpointsError';
}

/**
 * Throws MixedEndpointsError, before anything is started, when only some endpoints are
 * configured; `needs`: the ones the caller uses (the console needs no SMTP).
 */
export async function resolveEndpoints(
  say: (line: string) => void,
  needs: readonly Endpoint[] = ENDPOINTS,
): Promise<Endpoints> {
  const plan = endpointPlan(process.env, needs);
  if (plan.use === 'refused') throw new MixedEndpointsError(plan.problem);
  if (plan.use === 'configured') {
    say(`using the configured endpoints (${needs.join(', ')})`);
    return { env: {}, local: false, close: async () => undefined };
  }
  const running = runningStack(defaultStateDir);
  if (running) {
    say(
      `using the local stack already running (pid ${running.pid}; endpoints in ${statePaths(defaultStateDir).envFile})`,
    );
    return { env: running.env, local: true, close: async () => undefined };
  }
  say(
    `no ${ENDPOINTS.join(', ')} configured: starting the local stack (Kafka, MongoDB wire server, schema registry, SMTP sink)…`,
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
