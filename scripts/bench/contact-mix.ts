// The contact mix, as the CRM and the web application send it: accounts created
// (UpsertAccount), messages created for a customer, approved some time later by a
// reviewer (a ContactApproved event each), edited, a few deleted; ~5 % re-sent and
// ~1 % reused requestIds. Two request topics: accounts and contacts.
import { createContact, updateContact as update } from './payloads';
import { envelope, idTag, pickAged, seeded, withRepeats, type BenchRequest } from './requests';

const LAG = 300;

export function contactMix(
  n: number,
  topics: { contacts: string; accounts: string },
  runName: string,
  seed = 11,
): BenchRequest[] {
  const run = idTag(runName);
  const rand = seeded(seed);
  const accounts: { id: string; person: string; at: number }[] = [];
  const created: { id: string; at: number }[] = [];
  const approved: { id: string; at: number }[] = [];
  const reqs: BenchRequest[] = [];
  let seq = 0;
  const add = (topic: string, key: string, branch: string, payload: Record<string, unknown>, source = 'CRM'): void => {
    const requestId = `${run}-k${++seq}`;
    reqs.push({ topic, key, requestId, value: envelope(requestId, source, branch, payload) });
  };
  while (reqs.length < n) {
    const i = reqs.length;
    const roll = rand();
    const owner = roll >= 0.2 && roll < 0.55 ? pickAged(accounts, i, 50, rand) : undefined;
    const toApprove = roll >= 0.55 && roll < 0.72 ? pickAged(created, i, LAG, rand) : undefined;
    const live = roll >= 0.72 ? pickAged(approved, i, LAG, rand) : undefined;
    if (owner) {
      const id = `${run}-C${i}`;
      const action = rand() < 0.4;
      created.push({ id, at: i });
      add(
        topics.contacts,
        id,
        'crm.contact.CreateContact',
        createContact(
          id,
          { personalId: owner.person, accountId: owner.id },
          action,
          'https://mypage.example.jp/notices',
        ),
      );
    } else if (toApprove) {
      created.splice(created.indexOf(toApprove), 1);
      approved.push({ id: toApprove.id, at: i });
      add(
        topics.contacts,
        toApprove.id,
        'crm.contact.UpdateContact',
        update(toApprove.id, { approvedBy: 'crm-reviewer-07' }),
      );
    } else if (live && roll < 0.95) {
      add(topics.contacts, live.id, 'crm.contact.UpdateContact', update(live.id, { title: `お知らせ（更新 ${i}）` }));
    } else if (live) {
      approved.splice(approved.indexOf(live), 1);
      add(topics.contacts, live.id, 'crm.contact.DeleteContact', { contactId: live.id, deletedBy: 'crm-operator-02' });
    } else {
      const id = `${run}-A${i}`;
      const person = `${run}-P${i}`;
      accounts.push({ id, person, at: i });
      add(
        topics.accounts,
        id,
        'crm.account.UpsertAccount',
        {
          accountId: id,
          personalId: person,
          email: `customer${i}@example.jp`,
          phone: '090-1234-5678',
          externalAuth: rand() < 0.3,
          mailDelivery: 'ENABLED',
        },
        'WEB',
      );
    }
  }
  // A reused requestId with other content: the CRM's id generator going wrong.
  const other = (r: BenchRequest): BenchRequest => ({
    ...r,
    value: {
      ...r.value,
      operation:
        r.topic === topics.contacts
          ? { 'crm.contact.DeleteContact': { contactId: `${r.key}-other`, deletedBy: 'crm-operator-02' } }
          : {
              'crm.account.UpdateAccountContact': {
                accountId: r.key,
                personalId: 'P-other',
                email: null,
                phone: null,
                mailDelivery: 'STOPPED',
                updatedBy: 'crm-operator-02',
              },
            },
    },
  });
  return withRepeats(reqs, rand, other).slice(0, n);
}
