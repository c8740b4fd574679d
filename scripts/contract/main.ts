// `npm run contract`: writes docs/asyncapi.yaml and the generated part of
// @workers/client from the routing tables, the .avsc files and the code tables.
// `--check` writes nothing and exits 1 naming each file that is not current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { renderContract } from './render';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, text] of renderContract()) {
  const file = join(repoRoot, path);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) stale.push(path);
  else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`contract: wrote ${path}`);
  }
}
if (stale.length > 0) {
  console.error(`contract: not current, run \`npm run contract\`: ${stale.join(', ')}`);
  process.exit(1);
}
