// A dispatch stays with the process that sends it for as long as it sends: its lease
// is renewed every third of its length, so a send that takes longer than the whole
// lease is not taken over (another dispatcher claims nothing, the mail goes once and
// is recorded SENT, not IN_DOUBT); a process that stops renewing loses it.
import { runDispatch } from '../../src/dispatch/run';
import { account, contact } from '../domain/fixtures';
import { harness } from './harness';

const LEASE_MS = 300;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a send three times as long as the lease keeps it; the other dispatcher claims nothing', async () => {
  const h = harness({ leaseMs: LEASE_MS });
  h.deps.now = () => Date.now();
  h.clock.now = Date.now();
  h.accounts.docs.set('A-1', account('A-1'));
  await h.approve(contact({ publishAt: Date.now() }));
  const send = h.sender.send.bind(h.sender);
  h.sender.send = async (m) => {
    await sleep(3 * LEASE_MS);
    return send(m);
  };
  await h.link.probe();
  const d = await h.dispatches.claimDue(h.deps.owner, Date.now(), LEASE_MS);
  const run = runDispatch(h.deps, d!, new AbortController().signal, new AbortController().signal);
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
