// One PERSON contact through the dispatcher: who is mailed, what is recorded, and
// what is never sent (skips), on memory stores and a scripted SMTP sender.
import { contact, account } from '../domain/fixtures';
import { harness } from './harness';

describe('PERSON dispatch', () => {
  it('mails every address of the person once, records SENT and sets the mail-sent flag', async () => {
    const h = harness();
    for (const a of [
      account('A-1'),
      account('A-2'),
      account('A-3', { address: 'a-1@example.test' }),
      account('B-1', { personalId: 'P-2' }),
    ])
      h.accounts.docs.set(a.accountId, a);
    await h.approve(contact());
    const d = await h.runOnce();

    expect(h.sender.sent.map((m) => m.to).sort()).toEqual(['a-1@example.test', 'a-2@example.test']);
    expect(h.sender.sent[0]).toMatchObject({ subject: '【マイページ】新しいお知らせがあります' });
    expect(h.sender.sent[0]!.text).toContain('https://mypage.example.jp/notices/1');
    expect(h.rec('A-1')).toMatchObject({ status: 'SENT', attempts: 1, smtpResponse: '250 OK', sentAt: h.clock.now });
    expect(h.rec('A-1')!.messageId).toMatch(/^<contact\.[0-9a-f]+@example\.jp>$/);
    expect(h.contacts.docs.get('C-1')).toMatchObject({
      mailSent: true,
      mailSentAt: h.clock.now,
      mailOutcome: { sent: 2, skipped: 0, failed: 0, inDoubt: 0 },
    });
    // share an address: one mail, one record naming both accounts.
    expect(h.rec('A-1')).toMatchObject({ accounts: ['A-1', 'A-3'] });
    expect(d).toMatchObject({ status: 'DONE', fanoutDone: true, summary: { SENT: 2 } });
  });

  it('uses the named account only, and the configured My Page link when the contact has none', async () => {
    const h = harness();
    for (const a of [account('A-1'), account('A-2')]) h.accounts.docs.set(a.accountId, a);
    await h.approve(contact({ accountId: 'A-2', linkUrl: null }));
    await h.runOnce();
    expect(h.sender.sent.map((m) => m.to)).toEqual(['a-2@example.test']);
    expect(h.sender.sent[0]!.text).toContain('https://mypage.example.jp/');
  });

  it.each([
    ['answered', contact({ kind: 'ACTION_REQUEST', answerStatus: 'ANSWERED' }), 'SKIPPED_ANSWERED', 'A-1'],
    ['deleted', contact({ deleted: true }), 'SKIPPED_DELETED', 'A-1'],
    ['without an account', contact({ personalId: 'P-none' }), 'SKIPPED_NO_ACCOUNT', null],
  ])('sends nothing when %s and records why', async (_what, c, status, accountId) => {
    const h = harness();
    h.accounts.docs.set('A-1', account('A-1'));
    await h.approve(c);
    const d = await h.runOnce();
    expect(h.sender.sent).toHaveLength(0);
    expect(h.rec(accountId)).toMatchObject({ status, attempts: 0, audience: 'PERSON' });
    expect(d).toMatchObject({ status: 'DONE', summary: { [status]: 1 } });
    expect(h.contacts.docs.get('C-1')).toMatchObject({
      mailSent: false,
      mailSentAt: null,
      mailOutcome: { sent: 0, skipped: 1, failed: 0, inDoubt: 0 },
    });
  });

  it('records SKIPPED_STOPPED for an opted-out account', async () => {
    const h = harness();
    h.accounts.docs.set('A-1', account('A-1', { mailDelivery: 'STOPPED' }));
    await h.approve();
    await h.runOnce();
    expect(h.sender.sent).toHaveLength(0);
    expect(h.rec('A-1')).toMatchObject({ status: 'SKIPPED_STOPPED' });
  });

  it.each([
    ['gone', null, 'SKIPPED_NO_CONTACT'],
    ['not approved yet', contact({ valid: false, approvedAt: null }), 'SKIPPED_NOT_APPROVED'],
  ])(
    'an event for a contact that is %s serves nothing and records nothing; the real approval still mails',
    async (_what, stored, halted) => {
      const h = harness();
      h.accounts.docs.set('A-1', account('A-1'));
      await h.approve();
      if (stored) h.contacts.docs.set('C-1', stored);
      else h.contacts.docs.delete('C-1');
      expect(await h.runOnce()).toMatchObject({ status: 'DONE', halted, approvedAt: null, summary: {} });
      expect(h.sender.sent).toHaveLength(0);
      expect(h.deliveries.docs.size).toBe(0);

      // The real approval: its event re-opens the dispatch, which now finds the contact approved.
      h.contacts.docs.set('C-1', contact());
      expect(await h.dispatches.reopen('C-1', 'ev-real', h.clock.now)).toBe(true);
      expect(await h.runOnce()).toMatchObject({
        status: 'DONE',
        eventId: 'ev-real',
        approvedAt: contact().approvedAt,
        audience: 'PERSON',
        summary: { SENT: 1 },
      });
      expect(h.sender.to('a-1@example.test')).toBe(1);
      expect(await h.dispatches.reopen('C-1', 'ev-again', h.clock.now)).toBe(false);
    },
  );

  it('takes the audience and the recipients from the stored contact', async () => {
    const h = harness();
    for (const a of [account('A-1'), account('B-1', { personalId: 'P-2' })]) h.accounts.docs.set(a.accountId, a);
    await h.approve(contact({ audience: 'PERSON', personalId: 'P-2' }));
    expect(await h.runOnce()).toMatchObject({ status: 'DONE', audience: 'PERSON', summary: { SENT: 1 } });
    expect(h.sender.sent.map((m) => m.to)).toEqual(['b-1@example.test']);
  });

  it('does not mail a contact whose mail an earlier dispatch settled (its records purged since)', async () => {
    const h = harness();
    h.accounts.docs.set('A-1', account('A-1'));
    await h.approve(contact({ mailSettled: true }));
    expect(await h.runOnce()).toMatchObject({ status: 'DONE', halted: 'ALREADY_SETTLED', approvedAt: null });
    expect(h.sender.sent).toHaveLength(0);
  });

  it("waits when the contact's publishAt moved later after approval", async () => {
    const h = harness();
    h.accounts.docs.set('A-1', account('A-1'));
    await h.approve();
    h.contacts.docs.get('C-1')!.publishAt = h.clock.now + 60_000;
    const d = await h.runOnce();
    expect(h.sender.sent).toHaveLength(0);
    expect(d).toMatchObject({ status: 'PENDING', dueAt: h.clock.now + 60_000 });
    h.clock.now += 60_000;
    await h.runOnce();
    expect(h.sender.sent).toHaveLength(1);
  });

  it('records FAILED without sending when the address cannot be decrypted', async () => {
    const h = harness();
    const a = account('A-1');
    h.accounts.docs.set('A-1', { ...a, email: { ...a.email, kid: 'retired' } });
    await h.approve();
    await h.runOnce();
    expect(h.sender.sent).toHaveLength(0);
    expect(h.rec('A-1')).toMatchObject({ status: 'FAILED' });
    expect(h.rec('A-1')!.lastError).toContain('cannot be decrypted');
  });

  it('a second run of a settled dispatch sends nothing again', async () => {
    const h = harness();
    h.accounts.docs.set('A-1', account('A-1'));
    await h.approve();
    await h.runOnce();
    // An operator re-opens the dispatch: every record is terminal, nothing is resent.
    Object.assign(h.dispatches.docs.get('C-1')!, { status: 'PENDING' });
    await h.runOnce();
    expect(h.sender.sent).toHaveLength(1);
  });
});
