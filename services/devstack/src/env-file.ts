// The env file is the stack's public contract: KEY=value lines that any client,
// ours or not, can `source` in a POSIX shell or parse to find the endpoints.
// A value with characters a shell would read (spaces, parentheses, quotes…) is
// written single-quoted; readEnvFile undoes exactly that quoting.
import { chmodSync, existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';

const SAFE = /^[A-Za-z0-9_./:@,+=%-]*$/;

export function quoteEnvValue(v: string): string {
  return SAFE.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

function unquote(v: string): string {
  if (!v.startsWith("'")) return v;
  return v.replace(/^'|'$/g, '').replace(/'\\''/g, "'");
}

export function writeEnvFile(path: string, env: Record<string, string>): void {
  const body = `${Object.entries(env)
    .map(([k, v]) => `${k}=${quoteEnvValue(v)}`)
    .join('\n')}\n`;
  // Owner only: an endpoint someone configured (MONGODB_URI) may carry a password.
  writeFileSync(`${path}.tmp`, body, { mode: 0o600 });
  chmodSync(`${path}.tmp`, 0o600);
  renameSync(`${path}.tmp`, path);
}

export function readEnvFile(path: string): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined) env[m[1]] = unquote(m[2]);
  }
  return env;
}
