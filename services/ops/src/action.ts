// Wraps a command's body: finds the endpoints (environment, else .stack/env, said on
// stderr), checks the configuration the command needs (exit 2, one line per problem),
// runs it and turns its result into the exit code. Errors propagate to cli.ts.
import { ConfigError } from '@workers/runtime';
import { loadOpsConfig, type Need, type OpsConfig } from './config';
import { resolveEnv } from './env';
import { EXIT, OpsError, type ExitCode } from './exit';
import { note } from './output';

export function configured<A extends unknown[]>(
  needs: readonly Need[],
  body: (config: OpsConfig, ...args: A) => Promise<ExitCode>,
) {
  return async (...args: A): Promise<void> => {
    const { env, from } = resolveEnv(process.env);
    if (from) note(`endpoints from ${from} (the environment names none)`);
    let config: OpsConfig;
    try {
      config = loadOpsConfig(needs, env);
    } catch (err) {
      if (err instanceof ConfigError) throw new OpsError(EXIT.usage, err.problems);
      throw err;
    }
    process.exitCode = await body(config, ...args);
  };
}
