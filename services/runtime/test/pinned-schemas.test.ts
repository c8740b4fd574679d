// A worker pins the repository's `.avsc` of each topic it owns or consumes, under the
// subject of the name its configuration gives that topic (tests and deployments rename them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@workers/devstack';
import { pinnedSchemas } from '../src/pinned-schemas';

const file = (name: string): string => readFileSync(join(repoRoot, 'schemas', `${name}.avsc`), 'utf8');

test('subjects follow the configured topic names; texts are the declared topics’ files', () => {
  expect(pinnedSchemas('card-worker', { CARD_REQUEST_TOPIC: 'x.cards-1', CARD_EXTRA_REPLY_TOPICS: [] })).toEqual({
    'x.cards-1-value': file('alcs.card.requests'),
    'alcs.card.replies-value': file('alcs.card.replies'),
  });
  expect(Object.keys(pinnedSchemas('mail-worker', { CONTACT_EVENT_TOPIC: 'ev' }))).toEqual(['ev-value']);
  expect(Object.keys(pinnedSchemas('contact-worker', {})).sort()).toEqual([
    'crm.account.replies-value',
    'crm.account.requests-value',
    'crm.contact.events-value',
    'crm.contact.replies-value',
    'crm.contact.requests-value',
  ]);
});

test('a service that is no declared worker pins nothing (its start check then names each subject)', () => {
  expect(pinnedSchemas('bench-worker', {})).toEqual({});
});
