// How a test starts a service's process. From its TypeScript sources (tsx), as `npm start`
// and `npm run ops` run them; or compiled (services/<service>/dist), as production and the
// Docker image run them, when asked or when TEST_COMPILED=1 — `npm test` sets it after
// `tsc -b` built every service. Compiled, a process starts with about 0.4 s less CPU (no
// TypeScript loader), which a suite starting a few hundred processes on two cores feels.
// A test run by hand (`npx jest <file>`) keeps the sources, so it never runs a stale build.
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';

/** The node arguments that run services/<service>/src/<file>.ts or its dist/<file>.js. */
export function serviceEntry(service: string, file: string, compiled?: boolean): string[] {
  return (compiled ?? process.env.TEST_COMPILED === '1')
    ? [join(repoRoot, 'services', service, 'dist', `${file}.js`)]
    : ['--conditions=source', '--import', 'tsx', join(repoRoot, 'services', service, 'src', `${file}.ts`)];
}
