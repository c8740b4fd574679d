// A registry given a data file keeps its ids, versions and levels across restarts, writes the
// file atomically (no temp file left behind) and refuses to start on a corrupt file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSchemaRegistry } from '../src';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'registry-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const json = async (res: Response): Promise<unknown> => res.json() as Promise<unknown>;
const post = (url: string, path: string, body: unknown, method = 'POST') =>
  fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  });
const schema = (fields: string[]) =>
  JSON.stringify({ type: 'record', name: 'R', fields: fields.map((name) => ({ name, type: 'int', default: 0 })) });

it('keeps ids, versions and levels across a restart', async () => {
  const dataFile = join(dir, 'nested', 'registry.json');
  const first = await startSchemaRegistry({ dataFile });
  expect(await json(await post(first.url, '/subjects/a/versions', { schema: schema(['x']) }))).toEqual({ id: 1 });
  expect(await json(await post(first.url, '/subjects/b/versions', { schema: schema(['x', 'y']) }))).toEqual({ id: 2 });
  await post(first.url, '/config/b', { compatibility: 'FULL' }, 'PUT');
  await first.close();
  await first.close(); // harmless twice

  expect(readdirSync(join(dir, 'nested'))).toEqual(['registry.json']);
  expect(JSON.parse(readFileSync(dataFile, 'utf8'))).toMatchObject({ nextId: 3, globalLevel: 'BACKWARD' });

  const second = await startSchemaRegistry({ dataFile });
  try {
    expect(await json(await fetch(`${second.url}/subjects`))).toEqual(['a', 'b']);
    expect(await json(await fetch(`${second.url}/schemas/ids/2`))).toEqual({ schema: schema(['x', 'y']) });
    expect(await json(await fetch(`${second.url}/config/b`))).toEqual({ compatibilityLevel: 'FULL' });
    expect(await json(await post(second.url, '/subjects/b/versions', { schema: schema(['x', 'y']) }))).toEqual({
      id: 2,
    });
    expect(await json(await post(second.url, '/subjects/a/versions', { schema: schema(['x', 'y']) }))).toEqual({
      id: 2,
    });
    expect(await json(await post(second.url, '/subjects/a/versions', { schema: schema(['z']) }))).toEqual({ id: 3 });
    expect(await json(await fetch(`${second.url}/subjects/a/versions`))).toEqual([1, 2, 3]);
  } finally {
    await second.close();
  }
});

it('refuses to start on a corrupt data file, and leaves it alone', async () => {
  const dataFile = join(dir, 'registry.json');
  writeFileSync(dataFile, '{"nextId": "x"}');
  await expect(startSchemaRegistry({ dataFile })).rejects.toThrow(/registry\.json/);
  expect(readFileSync(dataFile, 'utf8')).toBe('{"nextId": "x"}');
});

it('fails to start on a port already in use', async () => {
  const first = await startSchemaRegistry({ port: 0 });
  try {
    const port = Number(new URL(first.url).port);
    await expect(startSchemaRegistry({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await first.close();
  }
});
