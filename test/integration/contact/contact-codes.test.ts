// Guarantee: every contact operation gets exactly one reply carrying the docs/rules.md#contacts
// code and status for its case (a code even on success), with the contactId, in
// Japanese by default and in English when the request asks for en_US.
import { ContactScenario, createContact, updateContact } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('codes');
  await s.startWorker();
});
afterAll(async () => s.close());

async function ask(
  requestId: string,
  op: 'CreateContact' | 'UpdateContact' | 'DeleteContact',
  payload: Record<string, unknown>,
  lang?: string,
  nth = 1,
) {
  await s.sendContact(requestId, op, payload, lang ? { lang } : {});
  return s.contactReply(requestId, nth);
}

test('create, approve, answer, delete and every rejection, each with its code and status', async () => {
  const created = await ask(
    'cc-create',
    'CreateContact',
    createContact({ contactId: 'K-1', kind: 'ACTION_REQUEST', actionRequestType: 'IDENTITY_VERIFICATION' }),
  );
  expect(created).toMatchObject({
    status: 201,
    messageCode: 'Success',
    contactId: 'K-1',
    version: 1,
    details: [],
    message: '正常に処理しました。',
  });

  const generated = await ask('cc-gen', 'CreateContact', createContact());
  expect(generated).toMatchObject({ status: 201, messageCode: 'Success' });
  expect(generated.contactId).toMatch(/^c-[0-9a-f]{32}$/);

  const invalid = await ask(
    'cc-invalid',
    'CreateContact',
    createContact({ contactId: 'K-bad', linkUrl: 'http://not-https.example.jp', audience: 'PERSON', personalId: null }),
  );
  expect(invalid).toMatchObject({ status: 400, messageCode: 'ValidationFailed', contactId: 'K-bad' });
  expect(invalid.details.map((d) => d.field).sort()).toEqual(['linkUrl', 'personalId']);

  const noPolicy = await ask(
    'cc-policy',
    'CreateContact',
    createContact({ contactId: 'K-2', kind: 'ACTION_REQUEST', actionRequestType: 'PAYMENT_ROUTE_DEFECT' }),
    'en_US',
  );
  expect(noPolicy).toMatchObject({
    status: 400,
    messageCode: 'PolicyNumberRequired',
    message: 'A policy number is required for this action request type',
  });

  expect(await ask('cc-exists', 'CreateContact', createContact({ contactId: 'K-1' }))).toMatchObject({
    status: 409,
    messageCode: 'ContactAlreadyExists',
  });
  expect(
    await ask('cc-version', 'UpdateContact', updateContact('K-1', { title: 'x', expectedVersion: 9 })),
  ).toMatchObject({ status: 409, messageCode: 'VersionConflict' });
  expect(
    await ask('cc-approve', 'UpdateContact', updateContact('K-1', { approvedBy: 'manager-1', expectedVersion: 1 })),
  ).toMatchObject({ status: 200, messageCode: 'Success', version: 2 });
  expect(await ask('cc-approve-2', 'UpdateContact', updateContact('K-1', { approvedBy: 'manager-1' }))).toMatchObject({
    status: 409,
    messageCode: 'ContactAlreadyApproved',
  });
  expect(await ask('cc-answer', 'UpdateContact', updateContact('K-1', { answerStatus: 'ANSWERED' }))).toMatchObject({
    status: 200,
    messageCode: 'Success',
    version: 3,
  });
  expect(await ask('cc-answered', 'UpdateContact', updateContact('K-1', { title: 'x' }))).toMatchObject({
    status: 409,
    messageCode: 'ContactAlreadyAnswered',
  });
  expect(await ask('cc-missing', 'UpdateContact', updateContact('K-none', { title: 'x' }))).toMatchObject({
    status: 404,
    messageCode: 'ContactNotFound',
    contactId: 'K-none',
  });
  expect(await ask('cc-delete', 'DeleteContact', { contactId: 'K-1', deletedBy: 'operator-9' })).toMatchObject({
    status: 200,
    messageCode: 'Success',
    version: 4,
  });
  expect(await ask('cc-deleted', 'DeleteContact', { contactId: 'K-1', deletedBy: 'operator-9' })).toMatchObject({
    status: 409,
    messageCode: 'ContactDeleted',
  });

  // Same requestId, other content.
  expect(await ask('cc-create', 'CreateContact', createContact({ contactId: 'K-9' }), undefined, 2)).toMatchObject({
    status: 409,
    messageCode: 'DuplicateRequestId',
  });
  // Bytes that are not a request, with a correlation-id to answer to.
  await s.contacts.sendRaw('K-x', Buffer.from('not avro'), { 'correlation-id': 'cc-garbage' });
  expect(await s.contactReply('cc-garbage')).toMatchObject({
    status: 400,
    messageCode: 'MalformedRequest',
    contactId: null,
  });

  // A stored document the rules cannot read (a bug or a bad manual edit): InternalError, and the partition moves on.
  await s.db.collection('contacts').insertOne({ _id: 'K-corrupt' as never, _rev: 1, _applied: 'not a list' });
  expect(await ask('cc-internal', 'UpdateContact', updateContact('K-corrupt', { title: 'x' }))).toMatchObject({
    status: 500,
    messageCode: 'InternalError',
    contactId: 'K-corrupt',
  });
  expect(await ask('cc-after', 'CreateContact', createContact({ contactId: 'K-after' }))).toMatchObject({
    status: 201,
  });

  const doc = await s.db.collection('contacts').findOne({ _id: 'K-1' as never });
  expect(doc).toMatchObject({
    deleted: true,
    deletedBy: 'operator-9',
    updatedBy: 'operator-9',
    valid: true,
    approvedBy: 'manager-1',
    answerStatus: 'ANSWERED',
    version: 4,
  });
  const headers = s.contactReplies.received.find((r) => r.value.requestId === 'cc-approve')?.headers;
  expect(headers).toMatchObject({
    'correlation-id': 'cc-approve',
    operation: 'UpdateContact',
    'message-code': 'Success',
  });
});
