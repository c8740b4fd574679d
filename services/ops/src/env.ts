// Where endpoints come from: the same environment variables the workers read, or,
// when none of them is set, the `.stack/env` file that `npm run stack -- up` writes.
// All or nothing: mixing a real cluster with a local registry would be a trap.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ENDPOINT_KEYS = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'MONGODB_URI', 'MONGODB_DB'] as const;

/** `$STACK_STATE_DIR/env`, else `.stack/env` in the working directory (npm runs scripts at the repo root). */
export function stackEnvPath(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return join(env.STACK_STATE_DIR ?? join(cwd, '.stack'), 'env');
}

/** KEY=value lines; anything else (comments, blanks) is skipped. */
export function parseEnvLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    // The stack single-quotes values a shell would split (services/devstack/src/env-file.ts).
    if (eq > 0 && /^[A-Z_][A-Z0-9_]*$/.test(line.slice(0, eq)))
      out[line.slice(0, eq)] = line
        .slice(eq + 1)
        .replace(/^'(.*)'$/, '$1')
        .replace(/'\\''/g, "'");
  }
  return out;
}

export interface ResolvedEnv {
  env: NodeJS.ProcessEnv;
  /** The file endpoints were read from, when they were. */
  from?: string;
}

/** Never throws: an unreadable or absent file means "use the environment as it is". */
export function resolveEnv(env: NodeJS.ProcessEnv, file = stackEnvPath(env)): ResolvedEnv {
  if (ENDPOINT_KEYS.some((k) => env[k])) return { env };
  if (!existsSync(file)) return { env };
  let fromFile: Record<string, string>;
  try {
    fromFile = parseEnvLines(readFileSync(file, 'utf8'));
  } catch {
    return { env };
  }
  const picked = Object.fromEntries(ENDPOINT_KEYS.flatMap((k) => (fromFile[k] ? [[k, fromFile[k]]] : [])));
  return Object.keys(picked).length > 0 ? { env: { ...env, ...picked }, from: file } : { env };
}
