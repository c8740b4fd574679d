// Guarantee: a contact worker killed (SIGKILL) after its database write and before
// its reply and event loses nothing and doubles nothing: after a restart the
// approval is applied once, answered once, and its ContactApproved published once.
import { ContactScenario, createContact, updateContact } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('crash');
});
afterAll(async () => s.close());

test('SIGKILL between write and reply/event → one effect, one reply, one event', async () => {
  const first = await s.startWorker({ TEST_CRASH_POINT: 'after-entities' });
  for (let i = 0; i < 10; i++)
    await s.sendContact(`pre-${i}`, 'CreateContact', createContact({ contactId: `CR-${i}` }));
  await s.sendContact('crash-approve', 'UpdateContact', updateContact('CR-3', { approvedBy: 'manager-1' }));
  for (let i = 0; i < 10; i++)
    await s.sendContact(`post-${i}`, 'UpdateContact', updateContact(`CR-${i}`, { title: `修正 ${i}` }));

  expect((await first.exited).signal).toBe('SIGKILL');
  const doc = await s.db.collection('contacts').findOne({ _id: 'CR-3' as never });
  expect(doc).toMatchObject({ valid: true, approvedBy: 'manager-1' });
  expect(s.repliesFor('crash-approve')).toHaveLength(0);

  await s.startWorker();
  await s.contactReplies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= 21, 60_000);
  await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up, if any

  const counts = new Map<string, number>();
  for (const r of s.contactReplies.received) counts.set(r.value.requestId, (counts.get(r.value.requestId) ?? 0) + 1);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(s.repliesFor('crash-approve')[0]).toMatchObject({ messageCode: 'Success', version: 2 });
  expect(s.approvals('CR-3')).toHaveLength(1);
  expect(s.events.received).toHaveLength(1);
  const after = await s.db.collection('contacts').findOne({ _id: 'CR-3' as never });
  expect(after?.version).toBe(3); // create, approval, the later title change: the approval once
});
