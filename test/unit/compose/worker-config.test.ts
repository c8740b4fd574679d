// Each worker, as docker-compose.yml configures it, passes its own start-up checks:
// the environment compose gives it (defaults of `${VAR:-default}` taken, the required
// `${VAR:?…}` e-mail keys set on the host to keys of its own) satisfies
// the worker's configuration schema, e-mail keys included — so `docker compose up`
// does not meet a worker that refuses to start for a missing variable — and the
// worker then uses the declared topics (services/contracts), the ones init creates.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { topicsOf, type WorkerName } from '@workers/contracts';
import { loadConfig } from '@workers/runtime';
import { cardConfigSchema } from '../../../services/card-worker/src/config';
import { loadContactConfig } from '../../../services/contact-worker/src/config';
import { loadMailConfig } from '../../../services/mail-worker/src/config';

type Service = { environment?: Record<string, unknown> };
const compose = parse(readFileSync(join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };

/** What the host sets for the variables compose requires (`${VAR:?message}`): the e-mail keys. */
const HOST: Record<string, string> = {
  EMAIL_KEY: randomBytes(32).toString('base64'),
  EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
};

/** The environment as compose resolves it when the host sets only the required variables. */
function envOf(name: string): NodeJS.ProcessEnv {
  const env = compose.services[name]?.environment ?? {};
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v)
        .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
        .replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_m, variable: string) => HOST[variable] ?? ''),
    ]),
  );
}

test.each<[WorkerName, (env: NodeJS.ProcessEnv) => Record<string, unknown>]>([
  ['card-worker', (env) => loadConfig(cardConfigSchema, env)],
  ['contact-worker', (env) => loadContactConfig(env).config],
  ['mail-worker', (env) => loadMailConfig(env).config],
])('%s starts with the environment compose gives it, on the declared topics', (name, load) => {
  const config = load(envOf(name));
  const topics = topicsOf(name).map((t) => [t.variable, t.name]);
  expect(topics.map(([variable]) => [variable, config[variable!]])).toEqual(topics);
});
