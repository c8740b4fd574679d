// Contract: a Confluent-compatible Schema Registry (AVRO only) over node:http, for tests and the
// local dev stack. startSchemaRegistry({host = 127.0.0.1, port = 0 (any free port), dataFile})
// resolves once listening, with its base url (http://HOST:PORT) and close(), which drops open
// connections and resolves when the server has stopped (calling it again is harmless).
// State lives in memory; with dataFile it is loaded at start and saved after each change.
// Requests: JSON bodies (application/vnd.schemaregistry.v1+json, application/json, ...) of at
// most 16 MiB; responses: JSON as application/vnd.schemaregistry.v1+json, errors as
// {error_code, message}. The API itself is in routes.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { errors, RegistryError } from './errors';
import { route } from './routes';
import { RegistryStore } from './store';

export interface SchemaRegistryOptions {
  host?: string;
  port?: number;
  dataFile?: string;
}
export interface SchemaRegistryHandle {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPTED_TYPES = new Set([
  '',
  'application/json',
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/octet-stream',
]);
const MAX_BODY = 16 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size <= MAX_BODY) chunks.push(buf);
  }
  if (size > MAX_BODY) throw errors.tooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ACCEPTED_TYPES.has(type)) throw errors.unsupportedMediaType(type);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw errors.badRequest(`Malformed JSON body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function serve(store: RegistryStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let status = 200;
  let body: unknown;
  try {
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    const payload = await readBody(req);
    body = route(store, req.method ?? 'GET', url.pathname, url.searchParams, payload);
  } catch (err) {
    const e =
      err instanceof RegistryError
        ? err
        : new RegistryError(
            500,
            50001,
            `Error in the schema registry: ${err instanceof Error ? err.message : String(err)}`,
          );
    status = e.status;
    body = { error_code: e.code, message: e.message };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSchemaRegistry(opts: SchemaRegistryOptions = {}): Promise<SchemaRegistryHandle> {
  const host = opts.host ?? '127.0.0.1';
  const store = new RegistryStore(opts.dataFile);
  const server = createServer((req, res) => {
    serve(store, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('schema registry: no TCP address');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return { url: `http://${urlHost(host)}:${address.port}`, close };
}
