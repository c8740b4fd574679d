// Guarantee: approval (and only approval) publishes one ContactApproved on the
// events topic, in the reply's transaction: never for a create, an update, a
// delete, a second approval or an answered contact; a re-sent create gives back
// the same contactId.
import { ContactScenario, createContact, updateContact } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('approval');
  await s.startWorker();
});
afterAll(async () => s.close());

const settle = (ms = 1500): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('one event per approval, none for anything else', async () => {
  const publishAt = Date.now() + 60_000;
  await s.sendContact('ap-create', 'CreateContact', createContact({ contactId: 'AP-1', accountId: 'AC-1', publishAt }));
  await s.sendContact('ap-approve', 'UpdateContact', updateContact('AP-1', { approvedBy: 'manager-1' }));
  await s.sendContact('ap-edit', 'UpdateContact', updateContact('AP-1', { title: '件名を修正' }));
  await s.sendContact('ap-approve-again', 'UpdateContact', updateContact('AP-1', { approvedBy: 'manager-2' }));
  await s.sendContact('ap-delete', 'DeleteContact', { contactId: 'AP-1', deletedBy: 'operator-1' });
  // Answered before approval (settled by phone): approval is refused, no mail event.
  await s.sendContact(
    'ap2-create',
    'CreateContact',
    createContact({ contactId: 'AP-2', kind: 'ACTION_REQUEST', actionRequestType: 'OTHER' }),
  );
  await s.sendContact('ap2-answer', 'UpdateContact', updateContact('AP-2', { answerStatus: 'ANSWERED' }));
  await s.sendContact('ap2-approve', 'UpdateContact', updateContact('AP-2', { approvedBy: 'manager-1' }));
  // Re-sent create (same requestId and content) without a contactId.
  const resent = createContact();
  await s.sendContact('ap3-create', 'CreateContact', resent);
  await s.sendContact('ap3-create', 'CreateContact', resent);

  expect(await s.contactReply('ap-approve-again')).toMatchObject({
    messageCode: 'ContactAlreadyApproved',
    status: 409,
  });
  expect(await s.contactReply('ap2-approve')).toMatchObject({ messageCode: 'ContactAlreadyAnswered', status: 409 });
  const [first, second] = [await s.contactReply('ap3-create', 1), await s.contactReply('ap3-create', 2)];
  expect(second).toEqual(first);
  await s.contactReply('ap-delete');
  await settle();

  expect(s.events.received).toHaveLength(1);
  const [e] = s.events.received;
  expect(e!.key).toBe('AP-1');
  expect(e!.value.event).toEqual({
    contactId: 'AP-1',
    audience: 'PERSON',
    personalId: 'P0001',
    accountId: 'AC-1',
    kind: 'NOTICE',
    title: 'お知らせ',
    linkUrl: 'https://mypage.example.jp/notices',
    publishAt,
    approvedBy: 'manager-1',
    approvedAt: expect.any(Number),
  });
  expect(e!.headers['event-id']).toBe(e!.value.eventId);
  expect(await s.db.collection('contacts').countDocuments({ createRequestId: 'ap3-create' })).toBe(1);
});
