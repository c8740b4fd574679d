// A dispatch stays with the process that sends it for as long as it sends: its lease
// is renewed every third of its length, so a send that takes longer than the whole
// lease is not taken over (another dispatcher claims nothing, the mail goes once and
// is recorded SENT, not IN_DOUBT); a process that stops renewing loses it; a renewal
// that answers after the run gave the lease back is not a lease lost, and none is
// made once the run starts giving it back.
import { runDispatch } from '../../src/pipeline';
import { account, contact } from '../domain/fixtures';
import { harness } from './harness';

const LEASE_MS = 300;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One approved PERSON contact due now, on real time, each send taking `sendMs`; returns the harness and its claimed dispatch. */
async function claimedWithSlowSends(sendMs: number) {
  const h = harness({ leaseMs: LEASE_MS });
  h.deps.now = () => Date.now();
  h.clock.now = Date.now();
  h.accounts.docs.set('A-1', account('A-1'));
  await h.approve(contact({ publishAt: Date.now() }));
  const send = h.sender.send.bind(h.sender);
  h.sender.send = async (m) => {
    await sleep(sendMs);
    return send(m);
  };
  await h.link.probe();
  return { h, claimed: async () => (await h.dispatches.claimDue(h.deps.owner, Date.now(), LEASE_MS))! };
}

test('a send three times as long as the lease keeps it; the other dispatcher claims nothing', async () => {
  const { h, claimed } = await claimedWithSlowSends(3 * LEASE_MS);
  const run = runDispatch(h.deps, await claimed(), new AbortController().signal, new AbortController().signal);
  const others: unknown[] = [];
  let done = false;
  void run.finally(() => (done = true));
  while (!done) {
    others.push(await h.dispatches.claimDue('other-process', Date.now(), LEASE_MS));
    await sleep(LEASE_MS / 6);
  }
  await run;
  expect(others.filter((o) => o !== null)).toEqual([]);
  expect(h.sender.to('a-1@example.test')).toBe(1);
  expect(h.rec('A-1')?.status).toBe('SENT');
  expect(h.dispatches.docs.get('C-1')?.status).toBe('DONE');
});

test('a lease that is not renewed can be claimed once it has run out', async () => {
  const h = harness({ leaseMs: LEASE_MS });
  await h.approve(contact({ publishAt: h.clock.now }));
  expect(await h.dispatches.claimDue('dead-process', h.clock.now, LEASE_MS)).not.toBeNull();
  expect(await h.dispatches.claimDue('other-process', h.clock.now + LEASE_MS - 1, LEASE_MS)).toBeNull();
  expect(await h.dispatches.claimDue('other-process', h.clock.now + LEASE_MS + 1, LEASE_MS)).not.toBeNull();
});

/** The warn events the run logs. */
function warnings(h: Awaited<ReturnType<typeof claimedWithSlowSends>>['h']): string[] {
  const warned: string[] = [];
  const warn = h.deps.logger.warn.bind(h.deps.logger);
  h.deps.logger.warn = ((event: string, fields?: Record<string, unknown>) => {
    warned.push(event);
    warn(event as never, fields as never);
  }) as typeof h.deps.logger.warn;
  return warned;
}

test('a renewal that answers after the run gave the lease back reports no lost lease', async () => {
  const { h, claimed } = await claimedWithSlowSends(LEASE_MS / 2);
  const renew = h.dispatches.renew.bind(h.dispatches);
  // Each renewal reaches the store only after the run has settled and released the dispatch.
  h.dispatches.renew = async (...a) => {
    await sleep(LEASE_MS);
    return renew(...a);
  };
  const warned = warnings(h);
  await runDispatch(h.deps, await claimed(), new AbortController().signal, new AbortController().signal);
  await sleep(2 * LEASE_MS);
  expect(h.dispatches.docs.get('C-1')?.status).toBe('DONE');
  expect(warned).toEqual([]);
});

test('no renewal is made once the run gives the lease back, however long that write takes to answer', async () => {
  const { h, claimed } = await claimedWithSlowSends(LEASE_MS / 2);
  const complete = h.dispatches.complete.bind(h.dispatches);
  h.dispatches.complete = async (...a) => {
    const r = await complete(...a);
    await sleep(LEASE_MS);
    return r;
  };
  const warned = warnings(h);
  await runDispatch(h.deps, await claimed(), new AbortController().signal, new AbortController().signal);
  expect(h.dispatches.docs.get('C-1')?.status).toBe('DONE');
  expect(warned).toEqual([]);
});
