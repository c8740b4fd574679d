// The schema-registry calls the Avro client library does not offer: the compatibility
// check and a plain register (the library's register also rewrites subject-level
// compatibility config, which an operator tool must not do behind anyone's back).
// Confluent REST API; errors carry the registry's own message, never the schema.
import type { OpsConfig } from '../config';

export type Compatibility =
  | { state: 'compatible' }
  | { state: 'incompatible'; messages: string[] }
  | { state: 'unregistered' };

export class RegistryHttpError extends Error {
  override readonly name = 'RegistryHttpError';
  constructor(
    readonly status: number,
    readonly errorCode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface RegistryHttp {
  compatibility(subject: string, schema: string): Promise<Compatibility>;
  /** Whether `subject` has at least one version (the compatibility API may not say: Confluent answers "compatible" for an unknown subject). */
  registered(subject: string): Promise<boolean>;
  /** The id and version under which `subject` already holds this exact schema, if it does. */
  lookup(subject: string, schema: string): Promise<{ id: number; version: number } | undefined>;
  /** Returns the schema id; an identical schema already registered keeps its id and version. */
  register(subject: string, schema: string): Promise<number>;
}

const SUBJECT_NOT_FOUND = 40401;
const SCHEMA_NOT_FOUND = 40403;

export function registryHttp(c: OpsConfig): RegistryHttp {
  if (!c.SCHEMA_REGISTRY_URL) throw new Error('SCHEMA_REGISTRY_URL is not configured');
  const base = c.SCHEMA_REGISTRY_URL.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
  if (c.SCHEMA_REGISTRY_USERNAME && c.SCHEMA_REGISTRY_PASSWORD) {
    headers.authorization = `Basic ${Buffer.from(`${c.SCHEMA_REGISTRY_USERNAME}:${c.SCHEMA_REGISTRY_PASSWORD}`).toString('base64')}`;
  }

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((err: unknown) => {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new Error(`schema registry at ${base} unreachable: ${cause ?? String(err)}`);
    });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const code = typeof data.error_code === 'number' ? data.error_code : undefined;
      throw new RegistryHttpError(
        res.status,
        code,
        `registry answered ${res.status}${typeof data.message === 'string' ? `: ${data.message}` : ''}`,
      );
    }
    return data;
  }
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> =>
    (await call('POST', path, body)) as Record<string, unknown>;
  const subjectPath = (subject: string): string => `/subjects/${encodeURIComponent(subject)}`;

  return {
    async compatibility(subject, schema) {
      try {
        const data = await post(`/compatibility${subjectPath(subject)}/versions/latest?verbose=true`, { schema });
        if (data.is_compatible === true) return { state: 'compatible' };
        const messages = Array.isArray(data.messages) ? data.messages.map(String) : [];
        return { state: 'incompatible', messages };
      } catch (err) {
        if (err instanceof RegistryHttpError && err.errorCode === SUBJECT_NOT_FOUND) return { state: 'unregistered' };
        throw err;
      }
    },
    async registered(subject) {
      try {
        const versions = await call('GET', `${subjectPath(subject)}/versions`);
        return Array.isArray(versions) && versions.length > 0;
      } catch (err) {
        if (err instanceof RegistryHttpError && err.errorCode === SUBJECT_NOT_FOUND) return false;
        throw err;
      }
    },
    async lookup(subject, schema) {
      try {
        const data = await post(subjectPath(subject), { schema });
        return typeof data.id === 'number' && typeof data.version === 'number'
          ? { id: data.id, version: data.version }
          : undefined;
      } catch (err) {
        const absent =
          err instanceof RegistryHttpError &&
          (err.errorCode === SUBJECT_NOT_FOUND || err.errorCode === SCHEMA_NOT_FOUND);
        if (absent) return undefined;
        throw err;
      }
    },
    async register(subject, schema) {
      const data = await post(`${subjectPath(subject)}/versions`, { schema });
      if (typeof data.id !== 'number')
        throw new RegistryHttpError(200, undefined, 'registry answered without a schema id');
      return data.id;
    },
  };
}
