// The env file is the stack's public contract: KEY=value lines that any client,
// ours or not, can `source` or parse to find the endpoints.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';

export function writeEnvFile(path: string, env: Record<string, string>): void {
  const body = Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  writeFileSync(path + '.tmp', body);
  renameSync(path + '.tmp', path);
}

export function readEnvFile(path: string): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined) env[m[1]] = m[2];
  }
  return env;
}
