// Guarantee: an operator can list a customer's open items (お客さんが対応されて
// いない情報) with one command (`ops open-items`): exactly the valid, undeleted, unanswered action
// requests of that person, named by personalId or by one of their accounts.
import { runCli } from '../../support/cli-process';
import { ContactScenario, createContact, updateContact } from '../../support/contact-fixture';

let s: ContactScenario;
beforeAll(async () => {
  s = await ContactScenario.open('open', 1);
  await s.startWorker();
});
afterAll(async () => s.close());

async function openItems(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const r = await runCli(['open-items', ...args], { env: { MONGODB_DB: s.db.databaseName } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

test('lists the valid, unanswered action requests of one customer', async () => {
  const ask = { kind: 'ACTION_REQUEST', actionRequestType: 'IDENTITY_VERIFICATION', personalId: 'P-OPEN' };
  await s.sendAccount('oi-acc', 'UpsertAccount', {
    accountId: 'AC-OPEN',
    personalId: 'P-OPEN',
    email: 'open@example.jp',
    phone: null,
    externalAuth: false,
    mailDelivery: 'ENABLED',
  });
  for (const id of ['OI-1', 'OI-2', 'OI-3', 'OI-4'])
    await s.sendContact(`oi-c-${id}`, 'CreateContact', createContact({ ...ask, contactId: id }));
  await s.sendContact('oi-c-OI-5', 'CreateContact', createContact({ contactId: 'OI-5', personalId: 'P-OPEN' })); // a notice
  await s.sendContact(
    'oi-c-OI-6',
    'CreateContact',
    createContact({ ...ask, contactId: 'OI-6', personalId: 'P-SOMEONE-ELSE' }),
  );
  for (const id of ['OI-1', 'OI-2', 'OI-3', 'OI-5', 'OI-6'])
    await s.sendContact(`oi-a-${id}`, 'UpdateContact', updateContact(id, { approvedBy: 'manager' }));
  await s.sendContact('oi-answer', 'UpdateContact', updateContact('OI-2', { answerStatus: 'ANSWERED' }));
  await s.sendContact('oi-delete', 'DeleteContact', { contactId: 'OI-3', deletedBy: 'op' });
  await s.contactReply('oi-delete');
  await s.accountReply('oi-acc');

  const byPerson = await openItems(['--personal-id', 'P-OPEN']);
  expect(byPerson.code).toBe(0);
  const items = byPerson.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { contactId: string; published: boolean });
  expect(items.map((i) => i.contactId)).toEqual(['OI-1']); // OI-2 answered, OI-3 deleted, OI-4 not approved, OI-5 a notice
  expect(items[0]!.published).toBe(true);

  const byAccount = await openItems(['--account-id', 'AC-OPEN', '--table']);
  expect(byAccount.code).toBe(0);
  expect(byAccount.out).toContain('OI-1');
  expect(byAccount.out).toContain('1 open item(s)');

  const unknown = await openItems(['--account-id', 'AC-NONE']);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('no account AC-NONE');
});
