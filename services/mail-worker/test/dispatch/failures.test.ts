// SMTP failures through the dispatcher: 5xx is final, 4xx is retried with backoff up
// to the cap, a lost connection holds sending until the server answers, and a
// delivery caught mid-send (or lost after the hand-over) is in doubt, never resent.
import { account, contact } from '../domain/fixtures';
import { connectionLost, harness, refused } from './harness';

function setup() {
  const h = harness();
  h.accounts.docs.set('A-1', account('A-1'));
  return h;
}

describe('SMTP failures', () => {
  it('550 → FAILED after one attempt, dispatch settled', async () => {
    const h = setup();
    h.sender.script = () => refused(550);
    await h.approve();
    const d = await h.runOnce();
    expect(h.rec('A-1')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(d).toMatchObject({ status: 'DONE', summary: { FAILED: 1 } });
  });

  it('451 → RETRY with backoff, then FAILED at the attempt cap', async () => {
    const h = setup();
    let tries = 0;
    h.sender.script = () => {
      tries++;
      return refused(451);
    };
    await h.approve();
    let d = await h.runOnce();
    expect(h.rec('A-1')).toMatchObject({ status: 'RETRY', attempts: 1, nextAttemptAt: h.clock.now + 1000 });
    expect(d).toMatchObject({ status: 'PENDING', dueAt: h.clock.now + 1000 });
    expect(await h.runOnce()).toBeNull(); // not due yet
    h.clock.now += 1000;
    d = await h.runOnce();
    expect(h.rec('A-1')).toMatchObject({ status: 'RETRY', attempts: 2, nextAttemptAt: h.clock.now + 2000 });
    h.clock.now += 2000;
    d = await h.runOnce();
    expect(h.rec('A-1')).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(h.rec('A-1')!.lastError).toContain('gave up after 3 attempts');
    expect(d).toMatchObject({ status: 'DONE' });
    expect(tries).toBe(3);
  });

  it('451 that heals → SENT on the retry', async () => {
    const h = setup();
    h.sender.script = (_m, n) =>
      n === 0 && h.rec('A-1')?.attempts === 1 ? refused(451) : { ok: true, response: '250 OK' };
    await h.approve();
    await h.runOnce();
    h.clock.now += 1000;
    await h.runOnce();
    expect(h.rec('A-1')).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(h.sender.sent).toHaveLength(1);
  });

  it('a refused connection marks the link down and holds the dispatch until the server answers', async () => {
    const h = setup();
    h.accounts.docs.set('A-2', account('A-2'));
    h.sender.script = () => connectionLost(false);
    await h.approve();
    await h.link.probe();
    h.sender.reachable = false;
    const d = await h.runOnce();
    expect(h.link.up).toBe(false);
    expect(d).toMatchObject({ status: 'PENDING', dueAt: h.clock.now });
    // Only sends already in flight spent an attempt; nothing is tried while the link is down.
    expect([...h.deliveries.docs.values()].every((x) => x.status === 'RETRY' && x.attempts === 1)).toBe(true);
    await h.runOnce(); // claimed while the link is down (the dispatcher itself would not): nothing is tried
    expect([...h.deliveries.docs.values()].every((x) => x.status === 'RETRY' && x.attempts === 1)).toBe(true);

    h.sender.script = () => ({ ok: true, response: '250 OK' });
    h.sender.reachable = true;
    await h.link.probe();
    await h.runOnce();
    expect(h.sender.sent.map((m) => m.to).sort()).toEqual(['a-1@example.test', 'a-2@example.test']);
    expect(h.rec('A-1')).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('a SENDING record left by a dead attempt becomes IN_DOUBT and is not sent again', async () => {
    const h = setup();
    h.accounts.docs.set('A-2', account('A-2'));
    await h.approve(contact());
    await h.deliveries.claim([
      {
        id: 'C-1|hash:a-1@example.test',
        contactId: 'C-1',
        audience: 'PERSON',
        accountId: 'A-1',
        accounts: ['A-1'],
        claim: 'dead',
        messageId: '<m>',
        at: h.clock.now - 5000,
        expected: { status: null },
      },
    ]);
    const d = await h.runOnce();
    expect(h.sender.to('a-1@example.test')).toBe(0);
    expect(h.sender.to('a-2@example.test')).toBe(1);
    expect(h.rec('A-1')).toMatchObject({ status: 'IN_DOUBT', attempts: 1 });
    expect(d).toMatchObject({ status: 'DONE', summary: { IN_DOUBT: 1, SENT: 1 } });
  });

  it('a connection lost after the message was handed over → IN_DOUBT, not retried', async () => {
    const h = setup();
    h.sender.script = () => connectionLost(true);
    await h.approve();
    const d = await h.runOnce();
    expect(h.rec('A-1')).toMatchObject({ status: 'IN_DOUBT', attempts: 1 });
    expect(d).toMatchObject({ status: 'DONE' });
  });

  it('a recording that fails for good stops new claims; the error surfaces once the sends in flight are done', async () => {
    const h = setup();
    for (let i = 2; i <= 9; i++) h.accounts.docs.set(`A-${i}`, account(`A-${i}`));
    h.deliveries.settle = async () => {
      throw new TypeError('a bug in the store');
    };
    await h.approve();
    await expect(h.runOnce()).rejects.toThrow('a bug in the store');
    // Only the first batch was claimed (as many as slots); nobody else was claimed or mailed.
    expect(h.deliveries.docs.size).toBeLessThanOrEqual(h.deps.slots.size);
    expect(h.sender.sent.length).toBe(h.deliveries.docs.size);
    expect(h.deps.slots.inUse()).toBe(0);
  });
});
