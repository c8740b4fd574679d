// Guarantee: a contact is approved only by someone other than its creator and the author of its last content change (審査する人とコールセンターは別): such a self-approval is answered 403 SelfApprovalNotAllowed in Japanese or English, changes nothing and publishes no ContactApproved; another person's approval does.
import { ContactScenario, createContact, updateContact } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('foureyes');
  await s.startWorker();
});
afterAll(async () => s.close());

test('creator and last editor are refused; a third person approves and the event goes out', async () => {
  await s.sendContact('fe-create', 'CreateContact', createContact({ contactId: 'FE-1', createdBy: 'operator-a' }));
  expect(await s.contactReply('fe-create')).toMatchObject({ status: 201, messageCode: 'Success' });

  await s.sendContact(
    'fe-self',
    'UpdateContact',
    updateContact('FE-1', { updatedBy: 'operator-a', approvedBy: 'Operator-A' }),
  );
  expect(await s.contactReply('fe-self')).toMatchObject({
    status: 403,
    messageCode: 'SelfApprovalNotAllowed',
    contactId: 'FE-1',
    message: '連絡の作成者または最後に内容を更新した人は承認できません。別の担当者が承認してください。',
  });

  await s.sendContact(
    'fe-edit',
    'UpdateContact',
    updateContact('FE-1', { updatedBy: 'operator-b', body: '本文を修正しました。' }),
  );
  expect(await s.contactReply('fe-edit')).toMatchObject({ status: 200, version: 2 });
  await s.sendContact(
    'fe-editor',
    'UpdateContact',
    updateContact('FE-1', { updatedBy: 'operator-b', approvedBy: 'operator-b' }),
    { lang: 'en_US' },
  );
  expect(await s.contactReply('fe-editor')).toMatchObject({
    status: 403,
    messageCode: 'SelfApprovalNotAllowed',
    message: expect.stringMatching(/cannot approve it/),
  });
  expect(await s.db.collection('contacts').findOne({ _id: 'FE-1' as never })).toMatchObject({
    valid: false,
    approvedBy: null,
    version: 2,
    contentUpdatedBy: 'operator-b',
  });

  await s.sendContact(
    'fe-ok',
    'UpdateContact',
    updateContact('FE-1', { updatedBy: 'manager-c', approvedBy: 'manager-c' }),
  );
  expect(await s.contactReply('fe-ok')).toMatchObject({ status: 200, messageCode: 'Success', version: 3 });
  // Events are keyed by contactId: one of a refused approval would have arrived before this one.
  await s.events.waitFor(() => s.approvals('FE-1').some((e) => e.event.approvedBy === 'manager-c'));
  expect(s.approvals('FE-1').map((e) => e.event.approvedBy)).toEqual(['manager-c']);
});
