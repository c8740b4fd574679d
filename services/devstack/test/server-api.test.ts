// The registry's REST API over real HTTP (fetch against a server on a free port): Confluent
// responses, error codes, ids shared across subjects, compatibility levels and config.
import { startSchemaRegistry } from '../src';

type Reply = { status: number; type: string | null; body: unknown };
let registry: { url: string; close(): Promise<void> };

async function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/vnd.schemaregistry.v1+json',
): Promise<Reply> {
  const res = await fetch(`${registry.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

const contact = (extra: object[] = []) =>
  JSON.stringify({
    type: 'record',
    name: 'Contact',
    namespace: 'crm',
    fields: [{ name: 'id', type: 'string' }, ...extra],
  });
const v1 = contact();
const v2 = contact([{ name: 'phone', type: ['null', 'string'], default: null }]);
const incompatible = contact([{ name: 'email', type: 'string' }]);
const register = (subject: string, schema: string, extra: object = {}) =>
  call('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema, ...extra });
const error = (status: number, code: number) =>
  expect.objectContaining({ status, body: expect.objectContaining({ error_code: code, message: expect.any(String) }) });

beforeAll(async () => {
  registry = await startSchemaRegistry({ port: 0 });
});
afterAll(async () => {
  await registry.close();
});

describe('an empty registry', () => {
  it('listens on 127.0.0.1 and answers the root, subjects and types', async () => {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await call('GET', '/')).toEqual({ status: 200, type: 'application/vnd.schemaregistry.v1+json', body: {} });
    expect((await call('GET', '/subjects')).body).toEqual([]);
    expect((await call('GET', '/schemas/types')).body).toEqual(['AVRO']);
  });

  it('answers unknown routes, methods and things with Confluent errors', async () => {
    expect(await call('GET', '/nope')).toEqual(error(404, 404));
    expect(await call('PATCH', '/subjects')).toEqual(error(405, 405));
    expect(await call('GET', '/subjects/none/versions')).toEqual(error(404, 40401));
    expect(await call('GET', '/subjects/none/versions/latest')).toEqual(error(404, 40401));
    expect(await call('GET', '/schemas/ids/999')).toEqual(error(404, 40403));
    expect(await call('GET', '/schemas/ids/999/versions')).toEqual(error(404, 40403));
  });
});

describe('registering', () => {
  it('gives ids, versions and the same id for the same schema, whatever its whitespace', async () => {
    expect(await register('contacts-value', v1)).toEqual({ status: 200, type: expect.any(String), body: { id: 1 } });
    expect((await register('contacts-value', JSON.stringify(JSON.parse(v1), null, 4))).body).toEqual({ id: 1 });
    expect((await call('GET', '/subjects/contacts-value/versions')).body).toEqual([1]);
    // The same schema under another subject keeps its id (Confluent behaviour).
    expect((await register('other-value', v1, { schemaType: 'AVRO' })).body).toEqual({ id: 1 });
    expect((await call('GET', '/schemas/ids/1/versions')).body).toEqual([
      { subject: 'contacts-value', version: 1 },
      { subject: 'other-value', version: 1 },
    ]);
    expect((await call('GET', '/subjects')).body).toEqual(['contacts-value', 'other-value']);
  });

  it('adds a compatible version and refuses an incompatible one with 409', async () => {
    expect((await register('contacts-value', v2)).body).toEqual({ id: 2 });
    const refused = await register('contacts-value', incompatible);
    expect(refused).toEqual(error(409, 409));
    expect(JSON.stringify(refused.body)).toMatch(/incompatible with an earlier schema/);
    expect((await call('GET', '/subjects/contacts-value/versions')).body).toEqual([1, 2]);
  });

  it('serves versions, latest, raw schemas and schemas by id', async () => {
    const latest = await call('GET', '/subjects/contacts-value/versions/latest');
    expect(latest.body).toEqual({ subject: 'contacts-value', id: 2, version: 2, schema: v2 });
    expect((await call('GET', '/subjects/contacts-value/versions/1')).body).toEqual({
      subject: 'contacts-value',
      id: 1,
      version: 1,
      schema: v1,
    });
    expect((await call('GET', '/subjects/contacts-value/versions/1/schema')).body).toEqual(JSON.parse(v1));
    expect((await call('GET', '/schemas/ids/2')).body).toEqual({ schema: v2 });
    expect(await call('GET', '/subjects/contacts-value/versions/7')).toEqual(error(404, 40402));
    expect(await call('GET', '/subjects/contacts-value/versions/x')).toEqual(error(422, 42202));
    expect(await call('GET', '/subjects/contacts-value/versions/0')).toEqual(error(422, 42202));
  });

  it('refuses invalid Avro, other schema types and bad bodies', async () => {
    expect(await register('bad', '{"type":"record","name":"X"}')).toEqual(error(422, 42201));
    expect(await register('bad', 'not json')).toEqual(error(422, 42201));
    const proto = await register('bad', 'syntax = "proto3";', { schemaType: 'PROTOBUF' });
    expect(proto).toEqual(error(422, 42201));
    expect(JSON.stringify(proto.body)).toMatch(/AVRO/);
    expect(await call('POST', '/subjects/bad/versions', {})).toEqual(error(422, 42201));
    expect(await call('POST', '/subjects/bad/versions', '{oops')).toEqual(error(400, 400));
    expect(await call('POST', '/subjects/bad/versions', { schema: v1 }, 'text/plain')).toEqual(error(415, 415));
    expect((await call('GET', '/subjects')).body).toEqual(['contacts-value', 'other-value']);
  });

  it('accepts application/json and subjects containing slashes', async () => {
    const reply = await call(
      'POST',
      `/subjects/${encodeURIComponent('a/b')}/versions`,
      { schema: '"string"' },
      'application/json',
    );
    expect(reply.body).toEqual({ id: 3 });
    expect((await call('GET', '/subjects/a%2Fb/versions/latest')).body).toEqual({
      subject: 'a/b',
      id: 3,
      version: 1,
      schema: '"string"',
    });
  });

  it('resolves references to other subjects', async () => {
    const phone = JSON.stringify({
      type: 'record',
      name: 'Phone',
      namespace: 'crm',
      fields: [{ name: 'e164', type: 'string' }],
    });
    expect((await register('phone', phone)).body).toEqual({ id: 4 });
    const withPhone = JSON.stringify({
      type: 'record',
      name: 'Card',
      namespace: 'crm',
      fields: [{ name: 'phone', type: 'crm.Phone' }],
    });
    expect(await register('card', withPhone)).toEqual(error(422, 42201));
    const references = [{ name: 'crm.Phone', subject: 'phone', version: 1 }];
    expect((await register('card', withPhone, { references })).body).toEqual({ id: 5 });
    expect((await call('GET', '/schemas/ids/5')).body).toEqual({ schema: withPhone, references });
    expect((await call('GET', '/subjects/card/versions/1')).body).toEqual({
      subject: 'card',
      id: 5,
      version: 1,
      schema: withPhone,
      references,
    });
    expect(await call('DELETE', '/subjects/phone')).toEqual(error(422, 42206));
  });
});

describe('lookup and compatibility checks', () => {
  it('finds a registered schema under a subject', async () => {
    const found = await call('POST', '/subjects/contacts-value', { schema: JSON.stringify(JSON.parse(v1), null, 2) });
    expect(found.body).toEqual({ subject: 'contacts-value', id: 1, version: 1, schema: v1 });
    expect(await call('POST', '/subjects/contacts-value', { schema: incompatible })).toEqual(error(404, 40403));
    expect(await call('POST', '/subjects/none', { schema: v1 })).toEqual(error(404, 40401));
  });

  it('tests compatibility against latest or a given version', async () => {
    const path = '/compatibility/subjects/contacts-value/versions';
    expect((await call('POST', `${path}/latest`, { schema: incompatible })).body).toEqual({ is_compatible: false });
    expect((await call('POST', `${path}/latest`, { schema: v2 })).body).toEqual({ is_compatible: true });
    const verbose = await call('POST', `${path}/latest?verbose=true`, { schema: incompatible });
    expect(verbose.body).toEqual({ is_compatible: false, messages: [expect.stringMatching(/version 2/)] });
    expect((await call('POST', `${path}/1?verbose=true`, { schema: v2 })).body).toEqual({
      is_compatible: true,
      messages: [],
    });
    expect(await call('POST', `${path}/9`, { schema: v2 })).toEqual(error(404, 40402));
    expect((await call('POST', '/compatibility/subjects/new-subject/versions/latest', { schema: v1 })).body).toEqual({
      is_compatible: true,
    });
  });
});

describe('config', () => {
  it('has a global level, BACKWARD by default, and refuses invalid levels', async () => {
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await call('PUT', '/config', { compatibility: 'SIDEWAYS' })).toEqual(error(422, 42203));
    expect(await call('PUT', '/config/contacts-value', {})).toEqual(error(422, 42203));
    expect((await call('PUT', '/config', { compatibility: 'FULL' })).body).toEqual({ compatibility: 'FULL' });
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await call('PUT', '/config', { compatibility: 'BACKWARD' })).body).toEqual({ compatibility: 'BACKWARD' });
  });

  it('has subject levels that override it', async () => {
    expect(await call('GET', '/config/contacts-value')).toEqual(error(404, 40408));
    expect((await call('GET', '/config/contacts-value?defaultToGlobal=true')).body).toEqual({
      compatibilityLevel: 'BACKWARD',
    });
    expect((await call('PUT', '/config/contacts-value', { compatibility: 'NONE' })).body).toEqual({
      compatibility: 'NONE',
    });
    expect((await call('GET', '/config/contacts-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await register('contacts-value', incompatible)).body).toEqual({ id: 6 });
    expect((await call('DELETE', '/config/contacts-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect(await call('DELETE', '/config/contacts-value')).toEqual(error(404, 40408));
    expect((await register('contacts-value', contact([{ name: 'x', type: 'int' }]))).status).toBe(409);
  });
});

describe('deleting', () => {
  it('deletes versions and subjects but keeps the ids', async () => {
    expect((await call('DELETE', '/subjects/contacts-value/versions/latest')).body).toBe(3);
    expect((await call('GET', '/subjects/contacts-value/versions')).body).toEqual([1, 2]);
    expect(await call('DELETE', '/subjects/contacts-value/versions/3')).toEqual(error(404, 40402));
    expect((await call('DELETE', '/subjects/contacts-value')).body).toEqual([1, 2]);
    expect(await call('GET', '/subjects/contacts-value/versions')).toEqual(error(404, 40401));
    expect(await call('DELETE', '/subjects/contacts-value')).toEqual(error(404, 40401));
    expect((await call('GET', '/schemas/ids/2')).body).toEqual({ schema: v2 });
    // Registering again reuses the id; versions start over after a (hard) delete.
    expect((await register('contacts-value', v2)).body).toEqual({ id: 2 });
    expect((await call('GET', '/subjects/contacts-value/versions')).body).toEqual([1]);
  });
});
