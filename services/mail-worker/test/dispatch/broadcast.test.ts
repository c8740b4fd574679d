// An ALL contact through the dispatcher: paged fan-out in accountId order, stopped
// accounts recorded and not mailed, one mail per address however many accounts share
// it (across pages too), a stopped run resumed from its cursor without mailing anyone
// twice, a broadcast halted when the contact is deleted, and writes in batches with
// never more records claimed-and-unrecorded than SMTP slots.
import { account, contact } from '../domain/fixtures';
import { harness } from './harness';

const id = (i: number): string => `A-${String(i).padStart(3, '0')}`;

function setup(n: number) {
  const h = harness({ pageSize: 10 });
  for (let i = 0; i < n; i++)
    h.accounts.docs.set(
      id(i),
      account(id(i), { personalId: `P-${i}`, mailDelivery: i % 5 === 0 ? 'STOPPED' : 'ENABLED' }),
    );
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
    expect(d).toMatchObject({
      status: 'DONE',
      cursor: 'A-024',
      fanoutDone: true,
      summary: { SENT: 20, SKIPPED_STOPPED: 5 },
    });
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

  it('mails an address shared by accounts once, across pages, and the record names every account', async () => {
    const h = setup(25);
    // A-003 and A-017 (pages 1 and 2) share A-012's address; A-005 (STOPPED) shares A-021's.
    for (const i of [3, 17])
      h.accounts.docs.set(id(i), account(id(i), { personalId: `P-${i}`, address: 'a-012@example.test' }));
    h.accounts.docs.set(id(21), account(id(21), { personalId: 'P-21', address: 'a-005@example.test' }));
    await h.approve(all);
    const d = await h.runOnce();
    expect(h.sender.to('a-012@example.test')).toBe(1);
    expect(h.sender.to('a-005@example.test')).toBe(1);
    expect(new Set(h.sender.sent.map((m) => m.to)).size).toBe(h.sender.sent.length);
    expect(h.rec('A-003')).toMatchObject({ status: 'SENT', accounts: ['A-003', 'A-012', 'A-017'] });
    // Recorded SKIPPED_STOPPED on page 1 through A-005, mailed on page 3 through A-021.
    expect(h.rec('A-021')).toMatchObject({ status: 'SENT', accounts: ['A-005', 'A-021'], attempts: 1 });
    expect(d).toMatchObject({ status: 'DONE', summary: { SENT: 18, SKIPPED_STOPPED: 4 } });
  });

  it('writes in batches, and never has more records claimed and unrecorded than SMTP slots', async () => {
    const h = setup(60);
    // Each write takes a round trip, as a database's does.
    for (const k of ['claim', 'settle', 'skip'] as const) {
      const write = h.deliveries[k].bind(h.deliveries) as (x: never) => Promise<Set<string>>;
      (h.deliveries as unknown as Record<string, unknown>)[k] = async (x: never) => {
        await new Promise((r) => setTimeout(r, 3));
        return write(x);
      };
    }
    await h.approve(all);
    let most = 0;
    const script = h.sender.script;
    h.sender.script = (m, n) => {
      most = Math.max(most, [...h.deliveries.docs.values()].filter((x) => x.status === 'SENDING').length);
      return script(m, n);
    };
    await h.runOnce();
    expect(h.sender.sent).toHaveLength(48);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(h.deps.slots.size);
    // Claims, settlements and skips of 60 recipients in far fewer writes than two per mail.
    expect(h.deliveries.writes).toBeLessThan(60);
  });
});
