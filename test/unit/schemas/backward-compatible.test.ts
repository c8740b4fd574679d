// docs/rules.md#topics-and-wire-format: a changed schema must stay BACKWARD compatible with the released one.
// test/fixtures/released-schemas/<topic>.avsc is the snapshot of what was released
// (registered in production); every schemas/<topic>.avsc must be able to read data
// written with it. Releasing a schema change = copying the file over its snapshot;
// a new topic's schema gets its snapshot when it is first released. The rules are the
// local registry's own (services/devstack/src/registry/compatibility.ts, avsc resolvers).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCompatibility, parseAvro } from '@workers/devstack';
import { repoRoot } from '@workers/devstack';

const current = join(repoRoot, 'schemas');
const released = join(repoRoot, 'test', 'fixtures', 'released-schemas');
const avsc = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort();
const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

it('every current schema has a released snapshot, and no released schema disappeared', () => {
  expect(avsc(current)).toEqual(avsc(released));
});

it.each(avsc(released))('schemas/%s reads data written with its released version (BACKWARD)', (file) => {
  const messages = checkCompatibility('BACKWARD', parseAvro(read(current, file)), [
    { version: 1, type: parseAvro(read(released, file)) },
  ]);
  expect(messages).toEqual([]);
});

it('the check catches a field added without a default', () => {
  const base = JSON.parse(read(released, 'alcs.card.replies.avsc')) as { fields: unknown[] };
  const changed = { ...base, fields: [...base.fields, { name: 'terminalId', type: 'string' }] };
  const messages = checkCompatibility('BACKWARD', parseAvro(JSON.stringify(changed)), [
    { version: 1, type: parseAvro(JSON.stringify(base)) },
  ]);
  expect(messages).toEqual([expect.stringContaining('terminalId')]);
});
