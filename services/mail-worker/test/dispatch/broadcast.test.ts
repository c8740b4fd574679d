// An ALL contact through the dispatcher: paged fan-out in accountId order, stopped
// accounts recorded and not mailed, a stopped run resumed from its cursor without
// mailing anyone twice, and a broadcast halted when the contact is deleted.
import { account, contact } from '../domain/fixtures';
import { harness } from './harness';

const id = (i: number): string => `A-${String(i).padStart(3, '0')}`;

function setup(n: number) {
  const h = harness({ pageSize: 10 });
  for (let i = 0; i < n; i++) h.accounts.docs.set(id(i), account(id(i), { personalId: `P-${i}`, mailDelivery: i % 5 === 0 ? 'STOPPED' : 'ENABLED' }));
  return h;
}

const all = contact({ audience: 'ALL', personalId: null });

describe('ALL dispatch', () => {
  it('mails each enabled account once, records the stopped ones, settles', async () => {
    const h = setup(25);
    await h.approve(all);
    const d = await h.runOnce();
    expect(h.sender.sent).toHaveLength(20);
    expect(new Set(h.sender.sent.map((m) => m.to)).size).toBe(20);
    expect(h.sender.to('a-000@example.test')).toBe(0);
    expect(d).toMatchObject({ status: 'DONE', cursor: 'A-024', fanoutDone: true, summary: { SENT: 20, SKIPPED_STOPPED: 5 } });
    expect(h.contacts.docs.get('C-1')!.mailSent).toBe(true);
  });

  it('resumes a stopped broadcast from its cursor without mailing anyone twice', async () => {
    const h = setup(35);
    await h.approve(all);
    const stop = new AbortController();
    const script = h.sender.script;
    h.sender.script = (m, n) => {
      if (n === 12) stop.abort(); // shutdown in the middle of the second page
      return script(m, n);
    };
    let d = await h.runOnce({ stopping: stop.signal });
    expect(d).toMatchObject({ status: 'PENDING', cursor: 'A-009' });
    const first = h.sender.sent.length;
    expect(first).toBeGreaterThan(8);
    expect(first).toBeLessThan(28);

    d = await h.runOnce();
    expect(d).toMatchObject({ status: 'DONE' });
    expect(h.sender.sent).toHaveLength(28);
    expect(new Set(h.sender.sent.map((m) => m.to)).size).toBe(28);
  });

  it('halts when the contact is deleted mid-broadcast: the rest get no mail', async () => {
    const h = setup(40);
    await h.approve(all);
    const script = h.sender.script;
    h.sender.script = (m, n) => {
      if (n === 5) h.contacts.docs.get('C-1')!.deleted = true;
      return script(m, n);
    };
    const d = await h.runOnce();
    expect(h.sender.sent.length).toBeLessThan(10);
    expect(d).toMatchObject({ status: 'DONE', halted: 'SKIPPED_DELETED' });
  });
});
