// Guarantee: `ops schemas register` registers every schemas/*.avsc under <topic>-value and `check` then passes; a change that is not BACKWARD compatible (a new field without a default) makes `check` and `register` exit non-zero naming the subject, and nothing new is registered for it; an unregistered subject fails `check`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { runCli } from '../../support/cli-process';
import { stackEnv, uniqueName } from '../../support/stack-env';

const prefix = `${uniqueName('ops-schemas')}.`;
const subject = (topic: string): string => `${prefix}${topic}-value`;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ops-schemas-'));
  cpSync(join(repoRoot, 'schemas'), dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function versions(s: string): Promise<number[]> {
  const res = await fetch(`${stackEnv().registryUrl}/subjects/${encodeURIComponent(s)}/versions`);
  return res.ok ? ((await res.json()) as number[]) : [];
}

function addField(file: string, field: Record<string, unknown>): void {
  const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { fields: unknown[] };
  schema.fields.push(field);
  writeFileSync(join(dir, file), JSON.stringify(schema, null, 2));
}

test('register then check pass; an incompatible change is refused by both', async () => {
  const opts = ['--dir', dir, '--subject-prefix', prefix];
  const unregistered = await runCli(['schemas', 'check', ...opts]);
  expect(unregistered.code).toBe(1);
  expect(unregistered.stdout).toContain(`UNREGISTERED ${subject('alcs.card.requests')}`);

  const registered = await runCli(['schemas', 'register', ...opts]);
  expect(registered.code).toBe(0);
  expect(registered.stdout.match(/^registered /gm)).toHaveLength(7);
  expect(await versions(subject('alcs.card.replies'))).toEqual([1]);

  const checked = await runCli(['schemas', 'check', ...opts]);
  expect(checked.code).toBe(0);
  expect(checked.stdout.match(/^ok /gm)).toHaveLength(7);

  addField('alcs.card.replies.avsc', { name: 'terminalId', type: 'string' });
  addField('crm.contact.replies.avsc', { name: 'note', type: ['null', 'string'], default: null });

  const incompatible = await runCli(['schemas', 'check', ...opts]);
  expect(incompatible.code).toBe(1);
  expect(incompatible.stdout).toMatch(new RegExp(`^INCOMPATIBLE ${subject('alcs.card.replies')}\\n.*terminalId`, 'm'));
  expect(incompatible.stdout).toContain(
    `ok          ${subject('crm.contact.replies')} (compatible, not registered yet`,
  );

  const refused = await runCli(['schemas', 'register', ...opts]);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toContain(`REFUSED     ${subject('alcs.card.replies')}`);
  expect(refused.stdout).toContain(`registered  ${subject('crm.contact.replies')}`);
  expect(await versions(subject('alcs.card.replies'))).toEqual([1]);
  expect(await versions(subject('crm.contact.replies'))).toEqual([1, 2]);
});
