// The few Confluent Schema Registry calls the codec makes, each answer classed once:
// - 2xx: its JSON body;
// - 404 carrying Confluent's "subject not found" (40401) or "schema not found" (40403):
//   RegistryNotFound, whose meaning the caller decides (for a schema id read off a
//   message: malformed input);
// - no answer, a timeout, 5xx, 408 or 429: TransientError (the registry may heal);
// - any other answer (401, 403, 400, 422, a 404 without those codes, i.e. a wrong URL
//   or a gateway's page): DependencyRefusedError, a configuration fault that no retry
//   of one message heals and that someone must fix (SPEC §2).
// Messages name the path and the registry's error code, never the URL's credentials.
//
// Not through @kafkajs/confluent-schema-registry: its client drops the Confluent error
// code (and for "schema not registered" the status too), and retries GETs underneath
// the runtime's own backoff.
import { DependencyRefusedError, TransientError } from './transient';

/** The registry has no such subject (40401) or schema (40403). */
export class RegistryNotFound extends Error {
  override readonly name = 'RegistryNotFound';
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RegistryHttpOptions {
  url: string;
  username?: string;
  password?: string;
  /** Bound on one call; default 10 s. */
  timeoutMs?: number;
}

export interface RegistryHttp {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

const NOT_FOUND_CODES = new Set([40401, 40403]);
const TRANSIENT_STATUSES = new Set([408, 429]);

async function errorBody(res: Response): Promise<{ code?: number; message?: string }> {
  const body = (await res.json().catch(() => undefined)) as { error_code?: unknown; message?: unknown } | undefined;
  return {
    code: typeof body?.error_code === 'number' ? body.error_code : undefined,
    message: typeof body?.message === 'string' ? body.message.slice(0, 200) : undefined,
  };
}

export function registryHttp(opts: RegistryHttpOptions): RegistryHttp {
  const base = opts.url.replace(/\/$/, '');
  const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (opts.username && opts.password)
    headers.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const what = `schema registry ${method} ${path}`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    }).catch((err: unknown) => {
      throw new TransientError(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
    if (res.ok) {
      return res.json().catch((err: unknown) => {
        throw new TransientError(`${what}: unreadable answer`, { cause: err });
      });
    }
    const { code, message } = await errorBody(res);
    const said = `${what}: ${res.status}${code === undefined ? '' : ` (${code})`}${message ? ` ${message}` : ''}`;
    if (res.status === 404 && code !== undefined && NOT_FOUND_CODES.has(code)) throw new RegistryNotFound(code, said);
    if (res.status >= 500 || TRANSIENT_STATUSES.has(res.status)) throw new TransientError(said);
    throw new DependencyRefusedError('schema registry', said);
  }

  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
