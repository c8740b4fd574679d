// Contract: the Confluent Schema Registry REST API as a route table over a RegistryStore.
// route(store, method, path, query, body) returns the JSON-able response body (status 200) or
// throws a RegistryError: 404/404 for an unknown path, 405/405 for a known path with another
// method, and the store's or the request validation's Confluent errors otherwise.
// Only AVRO is supported; path segments are URL-decoded (subjects may contain '/' as %2F).
import { isCompatibilityLevel, type CompatibilityLevel } from './compatibility';
import { errors } from './errors';
import { isRecord, isReference } from './persistence';
import type { RegistryStore, SchemaInput, VersionInfo, VersionRef } from './store';

interface Request {
  param(name: string): string;
  query: URLSearchParams;
  body: unknown;
}
type Handler = (store: RegistryStore, req: Request) => unknown;
interface Route {
  method: string;
  segments: string[];
  handle: Handler;
}

const MAX_VERSION = 2 ** 31 - 1;

function version(text: string): VersionRef {
  if (text === 'latest' || text === '-1') return 'latest';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_VERSION)) throw errors.invalidVersion(text);
  return n;
}

function schemaId(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_VERSION)) throw errors.schemaNotFound();
  return n;
}

function schemaInput(body: unknown): SchemaInput {
  if (!isRecord(body) || typeof body.schema !== 'string' || body.schema.trim() === '') {
    throw errors.invalidSchema('the request body needs a non-empty "schema" string');
  }
  const { schemaType, references } = body;
  if (
    schemaType !== undefined &&
    schemaType !== null &&
    (typeof schemaType !== 'string' || schemaType.toUpperCase() !== 'AVRO')
  ) {
    throw errors.invalidSchema(
      `unsupported schema type ${JSON.stringify(schemaType)}: this registry supports AVRO only`,
    );
  }
  if (references === undefined || references === null) return { schema: body.schema, references: [] };
  if (!Array.isArray(references) || !references.every(isReference)) {
    throw errors.invalidSchema('"references" must be a list of {name, subject, version}');
  }
  return {
    schema: body.schema,
    references: references.map(({ name, subject, version: v }) => ({ name, subject, version: v })),
  };
}

function levelOf(body: unknown): CompatibilityLevel {
  const level = isRecord(body) && typeof body.compatibility === 'string' ? body.compatibility.toUpperCase() : undefined;
  if (!isCompatibilityLevel(level)) throw errors.invalidLevel();
  return level;
}

function versionBody({ references, ...info }: VersionInfo): Record<string, unknown> {
  return references.length > 0 ? { ...info, references } : info;
}

function compatibilityBody(messages: string[], query: URLSearchParams): Record<string, unknown> {
  const verbose = query.get('verbose') === 'true';
  return verbose ? { is_compatible: messages.length === 0, messages } : { is_compatible: messages.length === 0 };
}

const routes: Route[] = [];
function on(method: string, path: string, handle: Handler): void {
  routes.push({ method, segments: path.split('/').filter((s) => s !== ''), handle });
}

on('GET', '/', () => ({}));
on('GET', '/schemas/types', () => ['AVRO']);
on('GET', '/schemas/ids/:id', (s, r) => {
  const { schema, references } = s.schemaById(schemaId(r.param('id')));
  return references.length > 0 ? { schema, references } : { schema };
});
on('GET', '/schemas/ids/:id/schema', (s, r) => JSON.parse(s.schemaById(schemaId(r.param('id'))).schema) as unknown);
on('GET', '/schemas/ids/:id/versions', (s, r) => s.usagesOf(schemaId(r.param('id'))));
on('GET', '/schemas/ids/:id/subjects', (s, r) => [
  ...new Set(s.usagesOf(schemaId(r.param('id'))).map((u) => u.subject)),
]);
on('GET', '/subjects', (s) => s.subjects());
on('POST', '/subjects/:subject', (s, r) => versionBody(s.lookup(r.param('subject'), schemaInput(r.body))));
on('DELETE', '/subjects/:subject', (s, r) => s.deleteSubject(r.param('subject')));
on('GET', '/subjects/:subject/versions', (s, r) => s.versions(r.param('subject')));
on('POST', '/subjects/:subject/versions', (s, r) => ({ id: s.register(r.param('subject'), schemaInput(r.body)) }));
on('GET', '/subjects/:subject/versions/:version', (s, r) =>
  versionBody(s.version(r.param('subject'), version(r.param('version')))),
);
on('DELETE', '/subjects/:subject/versions/:version', (s, r) =>
  s.deleteVersion(r.param('subject'), version(r.param('version'))),
);
on(
  'GET',
  '/subjects/:subject/versions/:version/schema',
  (s, r) => JSON.parse(s.version(r.param('subject'), version(r.param('version'))).schema) as unknown,
);
on('POST', '/compatibility/subjects/:subject/versions', (s, r) =>
  compatibilityBody(s.compatibility(r.param('subject'), 'latest', schemaInput(r.body)), r.query),
);
on('POST', '/compatibility/subjects/:subject/versions/:version', (s, r) =>
  compatibilityBody(s.compatibility(r.param('subject'), version(r.param('version')), schemaInput(r.body)), r.query),
);
on('GET', '/config', (s) => ({ compatibilityLevel: s.level() }));
on('PUT', '/config', (s, r) => {
  const compatibility = levelOf(r.body);
  s.setLevel(undefined, compatibility);
  return { compatibility };
});
on('GET', '/config/:subject', (s, r) => ({
  compatibilityLevel: s.subjectLevel(r.param('subject'), r.query.get('defaultToGlobal') === 'true'),
}));
on('PUT', '/config/:subject', (s, r) => {
  const compatibility = levelOf(r.body);
  s.setLevel(r.param('subject'), compatibility);
  return { compatibility };
});
on('DELETE', '/config/:subject', (s, r) => ({ compatibilityLevel: s.deleteSubjectLevel(r.param('subject')) }));

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function match(route: Route, segments: readonly (string | undefined)[]): Map<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params = new Map<string, string>();
  for (const [i, pattern] of route.segments.entries()) {
    const actual = segments[i];
    if (actual === undefined) return undefined;
    if (pattern.startsWith(':')) params.set(pattern.slice(1), actual);
    else if (pattern !== actual) return undefined;
  }
  return params;
}

export function route(
  store: RegistryStore,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): unknown {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decode);
  const candidates = routes.flatMap((r) => {
    const params = match(r, segments);
    return params ? [{ r, params }] : [];
  });
  if (candidates.length === 0) throw errors.routeNotFound();
  const found = candidates.find((c) => c.r.method === method.toUpperCase());
  if (!found) throw errors.methodNotAllowed();
  const param = (name: string): string => {
    const value = found.params.get(name);
    if (value === undefined) throw new Error(`route ${found.r.segments.join('/')} has no parameter ${name}`);
    return value;
  };
  return found.r.handle(store, { param, query, body });
}
