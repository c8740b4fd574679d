// The dispatcher loop on memory stores: it sends what is due, leaves what is not,
// holds while SMTP does not answer and resumes when it does, and stops within its bound.
import { runDispatch } from '../../src/pipeline';
import { Dispatcher } from '../../src/stages/claim';
import { account, contact } from '../domain/fixtures';
import { harness } from './harness';

const until = async (what: string, ok: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function running() {
  const h = harness();
  h.clock.now = Date.now();
  h.deps.now = () => Date.now();
  h.accounts.docs.set('A-1', account('A-1'));
  h.accounts.docs.set('A-2', account('A-2', { personalId: 'P-2' }));
  const d = new Dispatcher(h.deps, { pollMs: 20, concurrency: 2, drainMs: 1000 }, runDispatch);
  return { h, d };
}

describe('Dispatcher', () => {
  it('sends what is due, not what is not, and stops', async () => {
    const { h, d } = running();
    d.start();
    await h.approve(contact({ contactId: 'now', publishAt: Date.now() }));
    await h.approve(contact({ contactId: 'later', personalId: 'P-2', publishAt: Date.now() + 60_000 }));
    await until('the due mail', () => h.sender.sent.length === 1);
    expect(d.ready()).toBe(true);
    await d.stop();
    expect(h.sender.sent.map((m) => m.to)).toEqual(['a-1@example.test']);
    expect(h.dispatches.docs.get('now')?.status).toBe('DONE');
    expect(h.dispatches.docs.get('later')).toMatchObject({ status: 'PENDING', leaseOwner: null });
  });

  it('is not ready and claims nothing while SMTP does not answer; resumes when it does', async () => {
    const { h, d } = running();
    h.sender.reachable = false;
    d.start();
    await h.approve(contact({ publishAt: Date.now() }));
    await new Promise((r) => setTimeout(r, 200));
    expect(d.ready()).toBe(false);
    expect(h.dispatches.docs.get('C-1')).toMatchObject({ status: 'PENDING', leaseOwner: null });
    h.sender.reachable = true;
    await until('the mail after recovery', () => h.sender.sent.length === 1, 5000);
    expect(d.ready()).toBe(true);
    await d.stop();
  });
});
