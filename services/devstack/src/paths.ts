// Where the stack keeps things. Downloads and builds go to a per-user cache that
// outlives clones (so a second run is warm); logs, data and the env file go to a
// git-ignored state folder inside the checkout.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');

/** The stack's sources and files it runs or builds from (the supervisor script, the Kafka pom), whether this module runs from src or dist. */
export const stackSources = join(repoRoot, 'services', 'devstack', 'src');

export function cacheDir(): string {
  return (
    process.env.STACK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kafka-workers-stack')
  );
}

export interface StatePaths {
  root: string;
  logs: string;
  pids: string;
  data: string;
  envFile: string;
  supervisorPid: string;
}

export function statePaths(root: string): StatePaths {
  return {
    root,
    logs: join(root, 'logs'),
    pids: join(root, 'pids'),
    data: join(root, 'data'),
    envFile: join(root, 'env'),
    supervisorPid: join(root, 'supervisor.pid'),
  };
}

export const defaultStateDir = join(repoRoot, '.stack');
