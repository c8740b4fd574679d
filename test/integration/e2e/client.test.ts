// Guarantee: every operation of every route answers through @workers/client against the
// real workers; a request sent while no worker runs ends SentUnanswered (after a re-send
// with the same requestId), the caller's re-send with that requestId gets the answer once
// a worker runs, the first answer to the request that timed out is reported AnsweredLate,
// and a call that retries by itself is answered once the worker comes; nothing is applied twice.
import { AccountClient, CardClient, ContactClient, type LateReply, RequestTimeoutError } from '@workers/client';
import { CardScenario, newCardNumber, PIN } from '../../support/card-fixture';
import { ContactScenario } from '../../support/contact-fixture';
import { clientStack } from '../../support/kafka-client';

const tag = Date.now().toString(36);

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('cards: timeout, retries with the same requestId, late answer, and every card operation', async () => {
  const s = await CardScenario.open('client');
  const late: LateReply[] = [];
  const cards = await CardClient.connect({
    ...clientStack(),
    topics: { requests: s.topics.requests, replies: s.topics.replies },
    timeoutMs: 20_000,
    attempts: 1,
    onLateReply: (l) => late.push(l),
  });
  try {
    const card = newCardNumber();
    const phoneNumber = '+48600100200';
    const register = {
      cardNumber: card,
      identity: { posNumber: '12', posOperatorNumber: 0, siteId: 'SITE-1' },
      loyaltyCard: {
        cardNumber: card,
        phoneNumber,
        gender: 'F' as const,
        cardPinHmac: PIN,
        wallets: [{ id: 'points', balance: 12345n, stat: { lost: 0n, transferredOut: 100n }, version: 'v1' }],
      },
    };
    const registerId = `client-register-${tag}`;

    // No worker runs: two sends of the same request, no answer.
    const timedOut = await cards
      .registerCard(register, { requestId: registerId, timeoutMs: 1_000, attempts: 2 })
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(RequestTimeoutError);
    expect(timedOut).toMatchObject({ state: 'SentUnanswered', requestId: registerId, attempts: 2 });

    // A call that keeps retrying by itself is answered once the worker comes.
    const retrying = cards.lockCard({ cardNumber: newCardNumber() }, { timeoutMs: 1_500, attempts: 40 });
    await new Promise((r) => setTimeout(r, 2_000));
    await s.startWorker();
    const retried = await retrying;
    expect(retried.code).toBe('CustomerWithGivenCardNumberNotFound');
    expect(retried.attempts).toBeGreaterThanOrEqual(2);

    // The caller's re-send with the same requestId gets the answer; the first answer is late news.
    const registered = await cards.registerCard(register, { requestId: registerId });
    expect([registered.code, registered.status]).toEqual(['Success', 200]);
    if (registered.code !== 'Success') throw new Error(registered.code);
    expect(registered.reply.customerId).toMatch(/^[0-9a-f]{32}$/);
    await until('the late answer', () => late.length > 0);
    expect(late[0]).toMatchObject({ requestId: registerId, operation: 'RegisterCard', state: 'AnsweredLate' });
    expect(late[0]!.reply.customerId).toBe(registered.reply.customerId);
    // Three copies sent, one card made: every copy is answered alike.
    await until('three answers', () => s.repliesFor(registerId).length === 3);
    expect(new Set(s.repliesFor(registerId).map((r) => r.customerId))).toEqual(new Set([registered.reply.customerId]));
    expect(await s.db.collection('cards').countDocuments({ _id: card as never })).toBe(1);

    const other = { ...register, identity: { ...register.identity, siteId: 'SITE-2' } };
    expect((await cards.registerCard(other, { requestId: registerId })).code).toBe('DuplicateRequestId');
    expect((await cards.activateCard({ cardNumber: card, phoneNumber: '+48600999999' })).code).toBe(
      'IncorrectPhoneNumber',
    );
    const activated = await cards.activateCard({ cardNumber: card, phoneNumber });
    expect([activated.code, activated.status]).toEqual(['Success', 204]);
    expect((await cards.changePhoneNumber({ cardNumber: card, phoneNumber: '+48600100300' })).code).toBe('Success');
    expect((await cards.lockCard({ cardNumber: card })).code).toBe('Success');
    const locked = await cards.activateCard({ cardNumber: card, phoneNumber: '+48600100300' });
    expect([locked.code, locked.status]).toEqual(['CardWasNotWaitingForActivation', 422]);
  } finally {
    await cards.close();
    await s.close();
  }
});

test('contacts and accounts: every operation, approval included', async () => {
  const s = await ContactScenario.open('client');
  await s.startWorker();
  const topics = s.topics;
  const contacts = await ContactClient.connect({
    ...clientStack(),
    topics: { requests: topics.contacts, replies: topics.contactReplies },
    responseLanguage: { clientLanguage: 'en_US' },
  });
  const accounts = await AccountClient.connect({
    ...clientStack(),
    topics: { requests: topics.accounts, replies: topics.accountReplies },
  });
  try {
    const accountId = `A-${tag}`;
    const personalId = `P-${tag}`;
    const upserted = await accounts.upsertAccount({
      accountId,
      personalId,
      email: `taro-${tag}@example.test`,
      externalAuth: false,
      mailDelivery: 'ENABLED',
    });
    expect([upserted.code, upserted.reply.accountId]).toEqual(['Success', accountId]);
    const stopped = await accounts.updateAccountContact({
      accountId,
      personalId,
      mailDelivery: 'STOPPED',
      updatedBy: 'crm-operator',
    });
    expect(stopped.code).toBe('Success');
    const mismatch = await accounts.updateAccountContact({ accountId, personalId: 'P-other', updatedBy: 'op' });
    expect([mismatch.code, mismatch.status]).toEqual(['PersonalIdMismatch', 409]);

    const contactId = `C-${tag}`;
    const created = await contacts.createContact({
      contactId,
      audience: 'PERSON',
      personalId,
      accountId,
      kind: 'NOTICE',
      title: 'お知らせ',
      body: 'マイページをご確認ください。',
      publishAt: Date.now(),
      sender: { name: 'SystemAdmin', type: 'SYSTEM' },
      createdBy: 'crm-operator',
    });
    expect([created.code, created.status, created.reply.contactId]).toEqual(['Success', 201, contactId]);
    const edited = await contacts.updateContact({ contactId, updatedBy: 'crm-operator', title: '【再送】お知らせ' });
    expect(edited.code).toBe('Success');
    expect(edited.reply.version).toBeGreaterThan(created.reply.version ?? 0);
    const self = await contacts.updateContact({ contactId, updatedBy: 'crm-operator', approvedBy: 'crm-operator' });
    expect([self.code, self.message]).toEqual(['SelfApprovalNotAllowed', expect.any(String)]);
    const approved = await contacts.updateContact({ contactId, updatedBy: 'crm-manager', approvedBy: 'crm-manager' });
    expect(approved.code).toBe('Success');
    await s.events.waitFor((all) => all.some((e) => e.value.event.contactId === contactId));
    expect((await contacts.deleteContact({ contactId, deletedBy: 'crm-operator' })).code).toBe('Success');
    const gone = await contacts.updateContact({ contactId, updatedBy: 'crm-operator', title: 'x' });
    expect([gone.code, gone.status]).toEqual(['ContactDeleted', 409]);

    // A broadcast without a contactId is keyed by its requestId and gets an id derived from it.
    const broadcast = await contacts.createContact(
      {
        audience: 'ALL',
        kind: 'NOTICE',
        title: 'メンテナンスのお知らせ',
        body: '本文',
        publishAt: Date.now(),
        sender: { name: 'SystemAdmin', type: 'SYSTEM' },
        createdBy: 'crm-batch',
      },
      { requestId: `client-broadcast-${tag}` },
    );
    expect([broadcast.code, broadcast.reply.contactId]).toEqual(['Success', expect.stringMatching(/^c-[0-9a-f]{32}$/)]);
  } finally {
    await Promise.all([contacts.close(), accounts.close()]);
    await s.close();
  }
});
