// Generated TypeScript goes through the repository's own formatter and safe fixes
// (Biome, biome.jsonc), so a generated file is exactly what `npm run lint` accepts
// and the staleness test compares like with like.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';

/** `text` as Biome formats it for `path` (relative to the repository). Throws with Biome's message. */
export function biomeFormat(path: string, text: string): string {
  const bin = join(repoRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'biome.cmd' : 'biome');
  const r = spawnSync(bin, ['check', '--write', `--stdin-file-path=${path}`], {
    cwd: repoRoot,
    input: text,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`biome could not format ${path}: ${r.stderr || r.stdout}`);
  return r.stdout;
}
