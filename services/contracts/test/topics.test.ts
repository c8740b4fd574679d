import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  consumedBy,
  declaredTopic,
  declaredTopicNamed,
  DEFAULT_TOPIC,
  RETENTION_DAYS,
  TOPIC_NAMES,
  TOPICS,
  topicsOf,
  topicVariables,
  WORKERS,
} from '../src/topics';

const root = join(__dirname, '..', '..', '..');

describe('the topic declaration', () => {
  it('lists every topic of the rules and a .dlq for each consumed topic', () => {
    expect([...TOPIC_NAMES].sort()).toEqual([
      'alcs.card.replies',
      'alcs.card.requests',
      'alcs.card.requests.dlq',
      'crm.account.replies',
      'crm.account.requests',
      'crm.account.requests.dlq',
      'crm.contact.events',
      'crm.contact.events.dlq',
      'crm.contact.replies',
      'crm.contact.requests',
      'crm.contact.requests.dlq',
    ]);
  });

  it('keeps replies and events well over the 7 days a reply must be re-sendable, and dead letters as long as requests', () => {
    const days = Object.fromEntries(TOPICS.map((t) => [t.role, t.retentionDays]));
    expect(days).toEqual({ requests: 7, replies: 14, events: 14, dlq: 7 });
  });

  it("keeps no dead letter longer than a request: an entry is a request's bytes, personal data included", () => {
    expect(RETENTION_DAYS.dlq).toBe(RETENTION_DAYS.requests);
    for (const t of TOPICS.filter((x) => x.role === 'dlq')) expect(t.retentionDays).toBe(RETENTION_DAYS.requests);
  });

  it('tells the declared topic behind a declared, prefixed or renamed name', () => {
    expect(declaredTopicNamed('alcs.card.replies')?.role).toBe('replies');
    expect(declaredTopicNamed('t1-abc.crm.contact.events')?.name).toBe('crm.contact.events');
    expect(declaredTopicNamed('card-out', { CARD_REPLY_TOPIC: 'card-out' })?.name).toBe('alcs.card.replies');
    expect(declaredTopicNamed('alcs.card.requests-m1x-1a2b')).toBeUndefined();
  });

  it('names the worker answerable for each topic and the groups that read it', () => {
    expect(consumedBy('card-worker').map((t) => t.name)).toEqual(['alcs.card.requests']);
    expect(consumedBy('contact-worker').map((t) => t.name)).toEqual(['crm.contact.requests', 'crm.account.requests']);
    expect(consumedBy('mail-worker').map((t) => t.name)).toEqual(['crm.contact.events']);
    expect(declaredTopic('crm.contact.events').owner).toBe('contact-worker');
    expect(declaredTopic('crm.contact.events.dlq').owner).toBe('mail-worker');
    for (const w of WORKERS) expect(topicsOf(w).length).toBeGreaterThan(0);
  });

  it('has a schema file for every topic but dead letters, and no schema file without a topic', () => {
    for (const t of TOPICS) {
      if (t.role === 'dlq') expect(t.schemaFile).toBeNull();
      else
        expect({ topic: t.name, exists: existsSync(join(root, t.schemaFile ?? '')) }).toEqual({
          topic: t.name,
          exists: true,
        });
    }
    const files = readdirSync(join(root, 'schemas'))
      .filter((f) => f.endsWith('.avsc'))
      .map((f) => `schemas/${f}`);
    expect(files.sort()).toEqual(TOPICS.flatMap((t) => (t.schemaFile ? [t.schemaFile] : [])).sort());
  });

  it('gives each variable its declared name, or a prefixed one for a private set', () => {
    expect(DEFAULT_TOPIC.CARD_REQUEST_TOPIC).toBe('alcs.card.requests');
    expect(topicVariables('t1.').CONTACT_EVENT_TOPIC).toBe('t1.crm.contact.events');
    expect(Object.values(DEFAULT_TOPIC).sort()).toEqual(
      TOPICS.filter((t) => t.role !== 'dlq')
        .map((t) => t.name)
        .sort(),
    );
  });

  it('refuses undeclared names, including a .dlq of a topic nobody consumes', () => {
    expect(() => declaredTopic('alcs.card.replies.dlq')).toThrow(/not a declared topic/);
    expect(() => declaredTopic('nope')).toThrow(/not a declared topic/);
  });
});
